/**
 * Making an API token (issue 14): who it speaks for checked against the stored people, units and
 * sources, its expiry (default 90 days), the secret returned once and only its hash kept, audited.
 * `dunghan token create` and the administrator's web page both make tokens through this.
 */
import { localDay, parseDay, startOfLocalDay } from '../../domain/time.js';
import type { CliMessage } from '../../i18n/cli-messages.js';
import { cliMessage } from '../../i18n/cli-messages.js';
import type { Lang } from '../../i18n/lang.js';
import type { AuditStore } from '../../infra/store/audit-store.js';
import type { TokenStore } from '../../infra/store/token-store.js';
import { DEFAULT_TOKEN_DAYS } from '../../infra/store/token-store.js';
import type { SourceCatalog } from '../sync/source-catalog.service.js';
import type { AccessRole } from './roles.js';
import { ROLES, isAccessRole } from './roles.js';

export interface TokenAdminDeps {
  tokens: TokenStore;
  audit: AuditStore;
  catalog: Pick<SourceCatalog, 'find'>;
}

export interface MadeToken {
  token: string;
  id: string;
  role: AccessRole;
  personId: string | null;
  unitId: string | null;
  source: string | null;
  expiresAt: Date;
}

/** A refused token request; the message is the catalogue's (`message` holds the English one, for logs). */
export class TokenRequestError extends Error {
  constructor(
    readonly key: CliMessage,
    readonly values: Record<string, string | number>,
  ) {
    super(cliMessage(key, 'en', values));
  }

  say(lang: Lang): string {
    return cliMessage(this.key, lang, this.values);
  }
}

export interface CreateTokenOptions {
  role: string;
  person?: string;
  unit?: string;
  label?: string;
  /** For `integration`: the one source it may feed. */
  source?: string;
  /** Days until it expires (default 90), as typed. */
  expiresIn?: string;
  /** The last day it works (Vietnam time), `YYYY-MM-DD`. */
  expires?: string;
}

/** The longest a token may be made to live: ten years. */
export const MAX_TOKEN_DAYS = 3650;
const DAY_MS = 86_400_000;

/** When a token made `at` with these options expires; refused with the option named. */
export function tokenExpiry(options: Pick<CreateTokenOptions, 'expiresIn' | 'expires'>, at: Date): Date {
  if (options.expiresIn !== undefined && options.expires !== undefined)
    throw new TokenRequestError('tokenExpiryTwice', {});
  if (options.expires !== undefined) {
    const day = parseDay(options.expires);
    const today = localDay(at.getTime());
    if (day === null || day <= today || day > today + MAX_TOKEN_DAYS)
      throw new TokenRequestError('tokenExpiresInvalid', { value: options.expires, max: MAX_TOKEN_DAYS });
    // It works through the day it names: it ends when the next day begins, in Vietnam.
    return new Date(startOfLocalDay(day + 1));
  }
  const text = options.expiresIn ?? String(DEFAULT_TOKEN_DAYS);
  const days = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= MAX_TOKEN_DAYS))
    throw new TokenRequestError('tokenExpiresInInvalid', { value: text, max: MAX_TOKEN_DAYS });
  return new Date(at.getTime() + days * DAY_MS);
}

/**
 * Checks who the token speaks for against the stored people and units: staff and unit heads need a
 * known person; a unit head's unit is the one she heads unless `--unit` names it.
 */
export async function createTokenWith(
  deps: TokenAdminDeps,
  options: CreateTokenOptions,
  actor: string,
): Promise<MadeToken> {
  const role = options.role;
  if (!isAccessRole(role))
    throw new TokenRequestError('tokenRoleInvalid', { value: role, known: ROLES.join(', ') });
  const personId = options.person ?? null;
  let unitId: string | null = null;
  if ((role === 'staff' || role === 'unit_head') && personId === null)
    throw new TokenRequestError('tokenPersonNeeded', { value: role });
  if (role === 'integration' && personId !== null) throw new TokenRequestError('tokenPersonNotAllowed', {});
  const source = options.source ?? null;
  if (source !== null) {
    if (role !== 'integration') throw new TokenRequestError('tokenSourceNotAllowed', {});
    if (deps.catalog.find(source) === undefined)
      throw new TokenRequestError('tokenSourceUnknown', { value: source });
  }
  const at = new Date();
  const expiresAt = tokenExpiry(options, at);
  const tokens = deps.tokens;
  if (personId !== null && !(await tokens.personExists(personId)))
    throw new TokenRequestError('tokenPersonUnknown', { value: personId });
  if (role === 'unit_head') {
    if (options.unit !== undefined) {
      if (!(await tokens.unitExists(options.unit)))
        throw new TokenRequestError('tokenUnitUnknown', { value: options.unit });
      unitId = options.unit;
    } else {
      const headed = await tokens.unitsHeadedBy(personId!);
      if (headed.length !== 1)
        throw new TokenRequestError(headed.length === 0 ? 'tokenHeadsNone' : 'tokenHeadsMany', {
          value: personId ?? '',
          count: headed.length,
        });
      unitId = headed[0];
    }
  } else if (options.unit !== undefined) {
    throw new TokenRequestError('tokenUnitNotAllowed', {});
  }
  const label = options.label ?? personId ?? source ?? role;
  const { token, record } = await tokens.create({ role, personId, unitId, label, at, expiresAt, source });
  await deps.audit.append({
    at: at.getTime(),
    actor,
    action: 'token.create',
    target: `token:${record.id}`,
    reason: null,
    after: { role, personId, unitId, label, source, expiresAt: expiresAt.toISOString() },
  });
  return { token, id: record.id, role, personId, unitId, source, expiresAt };
}

/** Revokes a token (audited); false when there is no such live token. */
export async function revokeTokenWith(deps: TokenAdminDeps, id: string, actor: string): Promise<boolean> {
  const at = new Date();
  const revoked = await deps.tokens.revoke(id, at);
  if (revoked)
    await deps.audit.append({
      at: at.getTime(),
      actor,
      action: 'token.revoke',
      target: `token:${id}`,
      reason: null,
    });
  return revoked;
}
