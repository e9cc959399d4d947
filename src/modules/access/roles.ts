/**
 * Who may do what (issue 5). Staff see their own obligations and score, a unit head her unit,
 * leadership and the emulation council everything; only the administrator changes sources, the
 * calendar and campaigns. The administrator also reads everything: she runs the system.
 * These are API access roles, carried by a token; a person's post in the agency is `JobRole`.
 */
export const ROLES = ['admin', 'council', 'leader', 'unit_head', 'staff'] as const;
export type AccessRole = (typeof ROLES)[number];

export function isAccessRole(value: string): value is AccessRole {
  return (ROLES as readonly string[]).includes(value);
}

/** The caller of a request, from its token. */
export interface Principal {
  tokenId: string;
  role: AccessRole;
  personId: string | null;
  /** A unit head's unit. */
  unitId: string | null;
  /** Written into the audit log as "who": `token:12 (council) Ban thi đua`. */
  actor: string;
}

/** What a principal may read: everything, one unit, or one person's own. */
export type ReadScope =
  { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'person'; personId: string };

export function readScope(p: Principal): ReadScope {
  if (p.role === 'staff') return { kind: 'person', personId: p.personId ?? '' };
  if (p.role === 'unit_head') return { kind: 'unit', unitId: p.unitId ?? '' };
  return { kind: 'all' };
}

/** Access role groups the controllers use. */
export const EVERYONE: AccessRole[] = [...ROLES];
export const OVERSIGHT: AccessRole[] = ['admin', 'council', 'leader'];
export const REVIEWERS: AccessRole[] = ['council', 'leader'];
export const ADMIN: AccessRole[] = ['admin'];
