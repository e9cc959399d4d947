/** The language of a page and the reader's context, from the request. */
import type { Lang } from '../../i18n/lang.js';
import { parseLang } from '../../i18n/lang.js';
import type { PageContext } from '../../presentation/web/web-kit.js';
import type { AuthenticatedRequest } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';

export interface WebRequest extends AuthenticatedRequest {
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  path: string;
  body?: unknown;
}

/** `?lang=en|vi` wins; else the first of Accept-Language that is Vietnamese or English; else Vietnamese. */
export function langOf(req: WebRequest): Lang {
  const asked = typeof req.query.lang === 'string' ? parseLang(req.query.lang) : null;
  if (asked !== null) return asked;
  const header = req.headers['accept-language'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(',')) {
    const tag = part.split(';', 1)[0].trim().toLowerCase();
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}

export function contextOf(req: WebRequest, caller: Principal): PageContext {
  return {
    lang: langOf(req),
    // A sending system's token opens no page (the routes allow people's roles only).
    role: caller.role === 'integration' ? null : caller.role,
    unitId: caller.unitId,
    csrf: req.csrfToken,
    path: req.path,
  };
}

/** A form field as text ('' when absent or not text): forms post strings. */
export function field(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

/** A query parameter as text, undefined when absent or repeated. */
export function queryText(req: WebRequest, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
