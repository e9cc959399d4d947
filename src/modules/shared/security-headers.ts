/**
 * The response headers every answer carries (what helmet would set; helmet is not among the
 * dependencies, and these few lines are all the API needs):
 *
 * - `X-Content-Type-Options: nosniff`: a browser takes the content type as given (a JSON answer
 *   echoing a name never runs as HTML or script);
 * - `X-Frame-Options: DENY` and the CSP's `frame-ancestors 'none'`: no page may frame ours;
 * - `Content-Security-Policy`: the API answers data, so nothing may load from it as a page —
 *   `default-src 'none'`. The Swagger UI at `/api/docs` is a page: its own policy lets it load its
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

const isDocs = (path: string) =>
  path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/docs-');

export function securityHeaders() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const docs = isDocs(path);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', docs ? DOCS_POLICY : API_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!docs && (path === '/api' || path.startsWith('/api/'))) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
