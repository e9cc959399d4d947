/**
 * The response headers every answer carries (what helmet would set; helmet is not among the
 * dependencies, and these few lines are all the API needs):
 *
 * - `X-Content-Type-Options: nosniff`: a browser takes the content type as given (a JSON answer
 *   echoing a name never runs as HTML or script);
 * - `X-Frame-Options: DENY` and the CSP's `frame-ancestors 'none'`: no page may frame ours;
 * - `Content-Security-Policy`: the API answers data, so nothing may load from it as a page —
 *   `default-src 'none'`. The web pages load their stylesheet from here and post forms here only. The Swagger UI at `/api/docs` is a page: its own policy lets it load its
 *   scripts, styles and images from this server and call the API, nothing from elsewhere;
 * - `Cache-Control: no-store` on `/api/*` (names, scores, decisions: personal data), the docs aside;
 * - `Referrer-Policy: no-referrer`, `Cross-Origin-Opener-Policy` and `-Resource-Policy`: same-origin.
 *
 * `X-Powered-By` is turned off where the app is built (`main.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Swagger UI: its bundle and styles from here (it sets inline styles), its icons as data: URIs. */
const DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The web pages (issue 14): server-rendered HTML with one stylesheet from here, forms posting
 * here, no script at all, nothing from elsewhere.
 */
const WEB_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const isDocs = (path: string) =>
  path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/docs-');

export function securityHeaders() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const docs = isDocs(path);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    const api = path === '/api' || path.startsWith('/api/');
    res.setHeader('Content-Security-Policy', docs ? DOCS_POLICY : api ? API_POLICY : WEB_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!docs && api) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
