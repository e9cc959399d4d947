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
import { TokenStore, isExpired } from '../infra/store/token-store.js';
import { SourceCatalog } from '../modules/sync/source-catalog.service.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { withContext } from './with-application.js';
import type { CreateTokenOptions, MadeToken } from '../modules/access/token-admin.js';
import { TokenRequestError, createTokenWith, revokeTokenWith } from '../modules/access/token-admin.js';

export type { CreateTokenOptions, MadeToken } from '../modules/access/token-admin.js';
export { MAX_TOKEN_DAYS, TokenRequestError, tokenExpiry } from '../modules/access/token-admin.js';

/** Where the token commands take their stores from: the CLI's composition, or a running API's. */
type Services = Pick<INestApplicationContext, 'get'>;

/** The administrator at the terminal, for the audit log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Makes a token as the administrator at the terminal (modules/access/token-admin.ts checks it). */
export function createToken(app: Services, options: CreateTokenOptions): Promise<MadeToken> {
  return createTokenWith(
    { tokens: app.get(TokenStore), audit: app.get(AuditStore), catalog: app.get(SourceCatalog) },
    options,
    cliActor(),
  );
}

export function revokeToken(app: Services, id: string): Promise<boolean> {
  return revokeTokenWith(
    { tokens: app.get(TokenStore), audit: app.get(AuditStore), catalog: app.get(SourceCatalog) },
    id,
    cliActor(),
  );
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
