/**
 * `dunghan token create|list|revoke`: the administrator's way to give people access to the API.
 * The secret is printed once; only its hash is kept.
 */
import { userInfo } from 'node:os';
import type { AppContext } from '../app/app-context.js';
import type { CliMessage } from '../i18n/cli-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import { formatStoredTime } from '../i18n/format.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { TokenStore } from '../infra/store/token-store.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { withContext } from './service.commands.js';
import type { Role } from '../modules/access/roles.js';
import { ROLES, isRole } from '../modules/access/roles.js';

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
  ctx: Pick<AppContext, 'dataSource'>,
  options: CreateTokenOptions,
): Promise<{ token: string; id: string; role: Role; personId: string | null; unitId: string | null }> {
  const role = options.role;
  if (!isRole(role))
    throw new TokenRequestError('tokenRoleInvalid', { value: role, known: ROLES.join(', ') });
  const personId = options.person ?? null;
  let unitId: string | null = null;
  if ((role === 'staff' || role === 'unit_head') && personId === null)
    throw new TokenRequestError('tokenPersonNeeded', { value: role });
  if (personId !== null) {
    const people = (await ctx.dataSource.query('SELECT unit_id FROM people WHERE id = $1', [personId])) as {
      unit_id: string;
    }[];
    if (people.length === 0) throw new TokenRequestError('tokenPersonUnknown', { value: personId });
  }
  if (role === 'unit_head') {
    if (options.unit !== undefined) {
      const units = (await ctx.dataSource.query('SELECT 1 FROM units WHERE id = $1', [
        options.unit,
      ])) as unknown[];
      if (units.length === 0) throw new TokenRequestError('tokenUnitUnknown', { value: options.unit });
      unitId = options.unit;
    } else {
      const headed = (await ctx.dataSource.query('SELECT id FROM units WHERE head_id = $1 ORDER BY id', [
        personId,
      ])) as { id: string }[];
      if (headed.length !== 1)
        throw new TokenRequestError(headed.length === 0 ? 'tokenHeadsNone' : 'tokenHeadsMany', {
          value: personId ?? '',
          count: headed.length,
        });
      unitId = headed[0].id;
    }
  } else if (options.unit !== undefined) {
    throw new TokenRequestError('tokenUnitNotAllowed', {});
  }
  const label = options.label ?? personId ?? role;
  const store = new TokenStore(ctx.dataSource);
  const { token, record } = await store.create({ role, personId, unitId, label, at: new Date() });
  await ctx.dataSource.query(
    `INSERT INTO audit_log (at, actor, action, target, reason, before, after)
     VALUES (now(), $1, 'token.create', $2, NULL, NULL, $3)`,
    [cliActor(), `token:${record.id}`, JSON.stringify({ role, personId, unitId, label })],
  );
  return { token, id: record.id, role, personId, unitId };
}

export async function revokeToken(ctx: Pick<AppContext, 'dataSource'>, id: string): Promise<boolean> {
  const revoked = await new TokenStore(ctx.dataSource).revoke(id, new Date());
  if (revoked)
    await ctx.dataSource.query(
      `INSERT INTO audit_log (at, actor, action, target, reason, before, after)
       VALUES (now(), $1, 'token.revoke', $2, NULL, NULL, NULL)`,
      [cliActor(), `token:${id}`],
    );
  return revoked;
}

export function listTokens(ctx: Pick<AppContext, 'dataSource'>) {
  return new TokenStore(ctx.dataSource).list();
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
  return withContext(io, async (ctx) => {
    if (options.action === 'list') {
      const tokens = await listTokens(ctx);
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
      if (options.id === undefined || !(await revokeToken(ctx, options.id))) {
        io.stderr.write(t('tokenNotActive', options.id ?? '?') + '\n');
        return EXIT_USAGE;
      }
      io.stdout.write(t('tokenRevoked', options.id) + '\n');
      return EXIT_OK;
    }
    try {
      const made = await createToken(ctx, { role: options.role ?? '', ...options });
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
