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
import { TokenStore } from '../infra/store/token-store.js';
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
): Promise<{ token: string; id: string; role: AccessRole; personId: string | null; unitId: string | null }> {
  const role = options.role;
  if (!isAccessRole(role))
    throw new TokenRequestError('tokenRoleInvalid', { value: role, known: ROLES.join(', ') });
  const personId = options.person ?? null;
  let unitId: string | null = null;
  if ((role === 'staff' || role === 'unit_head') && personId === null)
    throw new TokenRequestError('tokenPersonNeeded', { value: role });
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
  const label = options.label ?? personId ?? role;
  const at = new Date();
  const { token, record } = await tokens.create({ role, personId, unitId, label, at });
  await app.get(AuditStore).append({
    at: at.getTime(),
    actor: cliActor(),
    action: 'token.create',
    target: `token:${record.id}`,
    reason: null,
    after: { role, personId, unitId, label },
  });
  return { token, id: record.id, role, personId, unitId };
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
      for (const k of tokens) {
        const state =
          k.revokedAt === null ? t('tokenActive') : t('tokenRevokedAt', formatStoredTime(k.revokedAt));
        io.stdout.write(
          `${k.id}\t${k.role}\t${k.personId ?? '—'}\t${k.unitId ?? '—'}\t${k.label}\t${k.prefix}…\t` +
            `${state}\t${k.lastUsedAt === null ? '—' : formatStoredTime(k.lastUsedAt)}\n`,
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
      const who = [made.role, made.personId, made.unitId === null ? null : t('tokenUnit', made.unitId)]
        .filter((x) => x !== null)
        .join(', ');
      io.stdout.write(`${made.token}\n` + cliMessage('tokenCreated', lang, { id: made.id, who }) + '\n');
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      io.stderr.write(error.say(lang) + '\n');
      return EXIT_USAGE;
    }
  });
}
