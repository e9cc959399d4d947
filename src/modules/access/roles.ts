/**
 * Who may do what (issue 5). Staff see their own obligations and score, a unit head her unit,
 * leadership and the emulation council everything; only the administrator changes sources, the
 * calendar and campaigns. The administrator also reads everything: she runs the system.
 * These are API access roles, carried by a token; a person's post in the agency is `JobRole`.
 *
 * `integration` is no person: it is the office system or the axis gateway. It may push data to a
 * source and ask for a sync ("sync now"), nothing else — it reads nothing, not even the sources or
 * the runs (its push is answered with its own run's summary). Its token may be bound to one source.
 */
export const PEOPLE_ROLES = ['admin', 'council', 'leader', 'unit_head', 'staff'] as const;
export const ROLES = [...PEOPLE_ROLES, 'integration'] as const;
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
  /** For an `integration` token bound to one source: the only source it may push to or sync. */
  source: string | null;
  /** Written into the audit log as "who": `token:12 (council) Ban thi đua`. */
  actor: string;
}

/** What a principal may read: everything, one unit, or one person's own. */
export type ReadScope =
  { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'person'; personId: string };

export function readScope(p: Principal): ReadScope {
  // Never reached through a route (none lets the role read), but if one ever did it sees nothing.
  if (p.role === 'integration') return { kind: 'person', personId: '' };
  if (p.role === 'staff') return { kind: 'person', personId: p.personId ?? '' };
  if (p.role === 'unit_head') return { kind: 'unit', unitId: p.unitId ?? '' };
  return { kind: 'all' };
}

/** Access role groups the controllers use. EVERYONE is every person: an integration reads nothing. */
export const EVERYONE: AccessRole[] = [...PEOPLE_ROLES];
export const OVERSIGHT: AccessRole[] = ['admin', 'council', 'leader'];
export const REVIEWERS: AccessRole[] = ['council', 'leader'];
export const ADMIN: AccessRole[] = ['admin'];
/** Who may put data in: push to a source, ask for a sync. */
export const FEEDERS: AccessRole[] = ['admin', 'integration'];

/** Whether the caller may push to or sync `source`: an integration token bound to another is refused. */
export function mayFeed(p: Principal, source: string): boolean {
  return p.source === null || p.source === source;
}
