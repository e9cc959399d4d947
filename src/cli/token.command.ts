/**
 * `dunghan token create|list|revoke`: the administrator's way to give people access to the API.
 * The secret is printed once; only its hash is kept.
 */
import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { AuditStore } from '../infra/store/audit-store.js';
import type { CliMessage } from '../i18n/cli-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import { formatStoredTime } from '../presentation/formats.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { DEFAULT_TOKEN_DAYS, TokenStore, isExpired } from '../infra/store/token-store.js';
import { localDay, parseDay, startOfLocalDay } from '../domain/time.js';
import { SourceCatalog } from '../modules/sync/source-catalog.service.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { withContext } from './with-application.js';
import type { AccessRole } from '../modules/access/roles.js';
import { ROLES, isAccessRole } from '../modules/access/roles.js';

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

/** Where the token commands take their stores from: the CLI's composition, or a running API's. */
type Services = Pick<INestApplicationContext, 'get'>;

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

/** The administrator at the terminal, for the audit log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Checks who the token speaks for against the stored people and units: staff and unit heads need a
 * known person; a unit head's unit is the one she heads unless `--unit` names it.
 */
export async function createToken(
  app: Services,
  options: CreateTokenOptions,
): Promise<{
  token: string;
  id: string;
  role: AccessRole;
  personId: string | null;
  unitId: string | null;
  source: string | null;
  expiresAt: Date;
}> {
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
    if (app.get(SourceCatalog).find(source) === undefined)
      throw new TokenRequestError('tokenSourceUnknown', { value: source });
  }
  const at = new Date();
  const expiresAt = tokenExpiry(options, at);
  const tokens = app.get(TokenStore);
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
  await app.get(AuditStore).append({
    at: at.getTime(),
    actor: cliActor(),
    action: 'token.create',
    target: `token:${record.id}`,
    reason: null,
    after: { role, personId, unitId, label, source, expiresAt: expiresAt.toISOString() },
  });
  return { token, id: record.id, role, personId, unitId, source, expiresAt };
}

export async function revokeToken(app: Services, id: string): Promise<boolean> {
  const at = new Date();
  const revoked = await app.get(TokenStore).revoke(id, at);
  if (revoked)
    await app.get(AuditStore).append({
      at: at.getTime(),
      actor: cliActor(),
      action: 'token.revoke',
      target: `token:${id}`,
      reason: null,
    });
  return revoked;
}

export function listTokens(app: Services) {
  return app.get(TokenStore).list();
}

export interface TokenCommandOptions extends Partial<CreateTokenOptions> {
  action: 'create' | 'list' | 'revoke';
  id?: string;
  lang?: string;
}

export async function runToken(options: TokenCommandOptions, io: CliIo): Promise<number> {
  const lang: Lang = parseLang(options.lang ?? io.env.DUNGHAN_LANG) ?? 'vi';
  if (options.lang !== undefined && parseLang(options.lang) === null) {
    io.stderr.write(cliMessage('langInvalid', 'vi', options.lang) + '\n');
    return EXIT_USAGE;
  }
  const t = (key: CliMessage, value?: string) => cliMessage(key, lang, value);
  return withContext(io, async (app) => {
    if (options.action === 'list') {
      const tokens = await listTokens(app);
      if (tokens.length === 0) io.stdout.write(t('noTokens') + '\n');
      else io.stdout.write(t('tokensHeader') + '\n');
      const now = new Date();
      for (const k of tokens) {
        const expires = k.expiresAt === null ? t('tokenNeverExpires') : formatStoredTime(k.expiresAt);
        const state =
          k.revokedAt !== null
            ? t('tokenRevokedAt', formatStoredTime(k.revokedAt))
            : isExpired(k, now)
              ? t('tokenExpiredAt', expires)
              : t('tokenActive');
        io.stdout.write(
          `${k.id}\t${k.role}\t${k.personId ?? '—'}\t${k.unitId ?? '—'}\t${k.source ?? '—'}\t${k.label}\t` +
            `${k.prefix}…\t${state}\t${expires}\t${k.lastUsedAt === null ? '—' : formatStoredTime(k.lastUsedAt)}\n`,
        );
      }
      return EXIT_OK;
    }
    if (options.action === 'revoke') {
      if (options.id === undefined || !(await revokeToken(app, options.id))) {
        io.stderr.write(t('tokenNotActive', options.id ?? '?') + '\n');
        return EXIT_USAGE;
      }
      io.stdout.write(t('tokenRevoked', options.id) + '\n');
      return EXIT_OK;
    }
    try {
      const made = await createToken(app, { role: options.role ?? '', ...options });
      const who = [
        made.role,
        made.personId,
        made.unitId === null ? null : t('tokenUnit', made.unitId),
        made.source === null ? null : t('tokenSource', made.source),
      ]
        .filter((x) => x !== null)
        .join(', ');
      io.stdout.write(
        `${made.token}\n` +
          cliMessage('tokenCreated', lang, { id: made.id, who }) +
          '\n' +
          t('tokenExpiresLine', formatStoredTime(made.expiresAt)) +
          '\n',
      );
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      io.stderr.write(error.say(lang) + '\n');
      return EXIT_USAGE;
    }
  });
}
