/**
 * Granting and revoking the roles no post implies (admin, council, leader), for the
 * administrator's web page as for `dunghan access grant|revoke`: audited, and the person's
 * sessions end so the new role applies from her next sign-in.
 */
import type { AuditStore } from '../../infra/store/audit-store.js';
import type { SessionStore, SignInPerson } from '../../infra/store/session-store.js';
import { Refusal } from '../shared/refusal.js';
import { GRANTABLE } from './person-access.js';

export interface GrantAdminDeps {
  sessions: SessionStore;
  audit: AuditStore;
}

export interface GrantOutcome {
  person: SignInPerson;
  /** False: she already had it (grant) or did not (revoke); nothing was written. */
  changed: boolean;
  /** Sessions ended by the change. */
  ended: number;
}

export async function changeGrant(
  deps: GrantAdminDeps,
  action: 'grant' | 'revoke',
  personId: string,
  role: string,
  actor: string,
  at: number,
): Promise<GrantOutcome> {
  if (!(GRANTABLE as readonly string[]).includes(role))
    throw new Refusal(
      'invalid',
      'role',
      `chỉ cấp được ${GRANTABLE.join(', ')}`,
      `only ${GRANTABLE.join(', ')} can be granted`,
    );
  const person = personId.length > 200 ? null : await deps.sessions.person(personId);
  if (person === null)
    throw new Refusal(
      'invalid',
      'person',
      `không có người "${personId.slice(0, 80)}"`,
      `no person "${personId.slice(0, 80)}"`,
    );
  const changed =
    action === 'grant'
      ? await deps.sessions.grant(personId, role, actor, at)
      : await deps.sessions.revokeGrant(personId, role);
  if (!changed) return { person, changed, ended: 0 };
  await deps.audit.append({
    at,
    actor,
    action: action === 'grant' ? 'access.grant' : 'access.revoke',
    target: `person:${personId}`,
    reason: null,
    after: { role },
  });
  return { person, changed, ended: await deps.sessions.deleteForPerson(personId) };
}
