/**
 * The session cookie and the CSRF check. The cookie is httpOnly (no script reads it), SameSite=Lax
 * (another site's form or script does not carry it; a link followed from a mail does), Secure when
 * the request came over HTTPS (Express's `req.secure`: with TRUST_PROXY it believes the proxy's
 * X-Forwarded-Proto), Path=/, and lives until the session's absolute end — the idle time is kept
 * by the server. Unsafe requests of a session carry its CSRF token (form field `_csrf` or header
 * `X-CSRF-Token`), compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'dunghan_session';
/** state, nonce and PKCE verifier between /auth/oidc/start and the callback. */
export const OIDC_COOKIE = 'dunghan_oidc';

export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  method?: string;
  body?: unknown;
}

/** One cookie's value from the request, or null. */
export function readCookie(req: CookieRequest, name: string): string | null {
  const header = req.headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return null;
}

export function cookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number; path?: string },
): string {
  return (
    `${name}=${encodeURIComponent(value)}; Path=${options.path ?? '/'}; Max-Age=${options.maxAgeSeconds}; ` +
    `HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`
  );
}

export function clearedCookie(name: string, secure: boolean, path = '/'): string {
  return `${name}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** Appends a Set-Cookie header without dropping one already set. */
export function addCookie(
  res: { getHeader(name: string): unknown; setHeader(name: string, value: string | string[]): void },
  value: string,
): void {
  const existing = res.getHeader('Set-Cookie');
  const list =
    existing === undefined ? [] : Array.isArray(existing) ? (existing as string[]) : [String(existing)];
  res.setHeader('Set-Cookie', [...list, value]);
}

/** The CSRF token a request carries: header `X-CSRF-Token`, else the body's `_csrf`. */
export function presentedCsrf(req: CookieRequest): string | null {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string' && header !== '') return header;
  const body = req.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const value = (body as Record<string, unknown>)._csrf;
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

export function csrfMatches(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A local path to return to after signing in (never another site: `//evil`, `/\evil`, `https:`). */
export function localPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return null;
  if (/[\\\s]/.test(value) || value.length > 2000) return null;
  return value;
}
