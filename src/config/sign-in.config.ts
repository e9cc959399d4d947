/**
 * How people sign in to the web pages (issue 14), from the environment, validated at start:
 *
 *   PUBLIC_URL                        the address people open (https://dunghan.hanam.gov.vn); sign-in links
 *                              in mail point there. Default: http://<HOST>:<PORT>.
 *   DUNGHAN_SESSION_IDLE_MINUTES      a session unused this long ends (default 30)
 *   DUNGHAN_SESSION_MAX_HOURS         a session ends this long after sign-in, however busy (default 12)
 *   DUNGHAN_SIGN_IN_LINK_MINUTES      a mailed or printed sign-in link works this long, once (default 15)
 *   OIDC_ISSUER, OIDC_CLIENT_ID,      the agency's OpenID Connect provider; all three or none
 *   OIDC_REDIRECT_URI                 (the redirect URI ends in /auth/oidc/callback)
 *   OIDC_CLIENT_SECRET                the client's secret (none: a public client, PKCE only)
 *   OIDC_CLAIM                        the ID token claim that names the person (default `email`)
 */
import { EnvError } from './env-error.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  /** The claim compared with a person's e-mail address (a value with `@`) or else her id. */
  claim: string;
}

export interface SignInSettings {
  /** Without a trailing slash. */
  publicUrl: string;
  idleMs: number;
  maxAgeMs: number;
  linkMs: number;
  /** null: no provider; people sign in with links. */
  oidc: OidcSettings | null;
}

function minutes(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new EnvError(
      name,
      `phải là số nguyên từ ${min} đến ${max}`,
      `must be a whole number from ${min} to ${max}`,
    );
  return n;
}

function httpUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new EnvError(name, 'không phải một URL', 'is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new EnvError(
      name,
      'phải bắt đầu bằng https:// hoặc http://',
      'must start with https:// or http://',
    );
  return value;
}

function oidc(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = httpUrl(env, 'OIDC_ISSUER');
  const clientId = env.OIDC_CLIENT_ID && env.OIDC_CLIENT_ID !== '' ? env.OIDC_CLIENT_ID : null;
  const redirectUri = httpUrl(env, 'OIDC_REDIRECT_URI');
  const given = [issuer, clientId, redirectUri].filter((x) => x !== null).length;
  if (given === 0) return null;
  const missing = (
    [
      ['OIDC_ISSUER', issuer],
      ['OIDC_CLIENT_ID', clientId],
      ['OIDC_REDIRECT_URI', redirectUri],
    ] as const
  ).find(([, v]) => v === null);
  if (missing !== undefined)
    throw new EnvError(
      missing[0],
      'cần có khi đã đặt OIDC_ISSUER, OIDC_CLIENT_ID hoặc OIDC_REDIRECT_URI (đặt cả ba, hoặc bỏ cả ba)',
      'is needed once OIDC_ISSUER, OIDC_CLIENT_ID or OIDC_REDIRECT_URI is set (set all three, or none)',
    );
  if (new URL(redirectUri!).pathname !== '/auth/oidc/callback')
    throw new EnvError(
      'OIDC_REDIRECT_URI',
      'phải kết thúc bằng /auth/oidc/callback (địa chỉ trang nhận kết quả đăng nhập)',
      'must end in /auth/oidc/callback (the page that receives the sign-in result)',
    );
  const claim = env.OIDC_CLAIM && env.OIDC_CLAIM !== '' ? env.OIDC_CLAIM : 'email';
  if (!/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(claim))
    throw new EnvError(
      'OIDC_CLAIM',
      'phải là tên một claim, ví dụ email',
      'must be a claim name, e.g. email',
    );
  return {
    issuer: issuer!,
    clientId: clientId!,
    clientSecret: env.OIDC_CLIENT_SECRET && env.OIDC_CLIENT_SECRET !== '' ? env.OIDC_CLIENT_SECRET : null,
    redirectUri: redirectUri!,
    claim,
  };
}

export function loadSignInSettings(
  env: NodeJS.ProcessEnv,
  server: { host: string; port: number },
): SignInSettings {
  const given = httpUrl(env, 'PUBLIC_URL');
  const host = server.host === '0.0.0.0' || server.host === '::' ? '127.0.0.1' : server.host;
  const publicUrl = (given ?? `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`).replace(
    /\/+$/,
    '',
  );
  return {
    publicUrl,
    idleMs: minutes(env, 'DUNGHAN_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000,
    maxAgeMs: minutes(env, 'DUNGHAN_SESSION_MAX_HOURS', 12, 1, 24 * 30) * 3_600_000,
    linkMs: minutes(env, 'DUNGHAN_SIGN_IN_LINK_MINUTES', 15, 1, 24 * 60) * 60_000,
    oidc: oidc(env),
  };
}
