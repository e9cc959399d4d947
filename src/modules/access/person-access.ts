/**
 * Which access role a person signs in with (issue 14). Her post in the agency (`JobRole`) and the
 * units she heads give it; an administrator may grant more (`dunghan access grant`): the
 * administrator and the emulation council are functions no post implies, and a deputy director
 * may be given the leadership's view. The highest applies:
 *
 *   granted admin > granted council > granted leader or post `leader` > head of a unit
 *   (`units.head_id`, else post `unit_head`: her own unit) > everyone else (staff, deputy heads,
 *   clerks): her own obligations.
 *
 * A person who is not active (left the agency, per the document system) signs in as nobody.
 */
import type { SignInPerson } from '../../infra/store/session-store.js';
import type { AccessRole } from './roles.js';

/** The roles an administrator may grant; the others follow from the person's post. */
export const GRANTABLE: readonly AccessRole[] = ['admin', 'council', 'leader'];

export type PersonAccess =
  { ok: true; role: AccessRole; unitId: string | null } | { ok: false; reason: 'inactive' };

export function accessOf(person: SignInPerson): PersonAccess {
  if (!person.active) return { ok: false, reason: 'inactive' };
  for (const role of GRANTABLE) if (person.grants.includes(role)) return { ok: true, role, unitId: null };
  if (person.jobRole === 'leader') return { ok: true, role: 'leader', unitId: null };
  // A head of several units sees the first by id; a token (`dunghan token create --unit`) can name another.
  if (person.headOf.length > 0) return { ok: true, role: 'unit_head', unitId: person.headOf[0] };
  if (person.jobRole === 'unit_head') return { ok: true, role: 'unit_head', unitId: person.unitId };
  return { ok: true, role: 'staff', unitId: null };
}
