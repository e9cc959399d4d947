/**
 * Whatever a page's request ends in — a refusal naming a field, an unknown or hidden id, a missing
 * sign-in, a failure — the reader gets an HTML page in her language, never JSON and never a stack.
 * Out of sight and unknown look the same: 404.
 */
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { WEB_TEXT } from '../../i18n/web-messages.js';
import { messagePage } from '../../presentation/web/web-kit.js';
import { Refusal } from '../shared/refusal.js';
import type { WebRequest } from './web-request.js';
import { langOf } from './web-request.js';

const logger = new Logger('Web');

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

@Catch()
export class WebErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<WebRequest & { principal?: { role: string; unitId: string | null } }>();
    const res = http.getResponse<ServerResponse>();
    const lang = langOf(req);
    const t = WEB_TEXT[lang];
    const role = (req.principal?.role ?? null) as never;
    const ctx = { lang, role, unitId: null, csrf: req.csrfToken, path: req.path };
    let status = 500;
    if (error instanceof Refusal)
      status = error.kind === 'invalid' ? 400 : error.kind === 'not_found' ? 404 : 409;
    else if (error instanceof HttpException) status = error.getStatus();
    else logger.error(`web page failed: ${(error as Error)?.stack ?? String(error)}`);
    if (status === 401) {
      const header = 'WWW-Authenticate';
      if (!res.hasHeader(header)) res.setHeader(header, 'Bearer realm="dunghan"');
    }
    // A role that may not see a page is told it does not exist, as for an id out of sight.
    if (status === 403) status = 404;
    if (status === 404) return sendHtml(res, 404, messagePage(ctx, t.notFoundTitle, t.notFound));
    if (error instanceof Refusal)
      return sendHtml(
        res,
        status,
        messagePage(
          ctx,
          t.errorTitle,
          t.fieldError(t.fields[error.field] ?? error.field, lang === 'vi' ? error.vi : error.en),
        ),
      );
    if (error instanceof HttpException && status < 500) {
      const body = error.getResponse();
      const message =
        typeof body === 'object' && body !== null && 'message' in body
          ? String((body as { message: unknown }).message)
          : error.message;
      return sendHtml(res, status, messagePage(ctx, t.errorTitle, message));
    }
    sendHtml(res, 500, messagePage(ctx, t.errorTitle, t.serverError));
  }
}
