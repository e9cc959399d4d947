/**
 * One log line and one histogram observation per request, taken when the response finishes. The
 * route is the pattern Express matched (`/api/obligations/:id`), so neither the log nor the metric
 * labels carry ids, query strings or anything a client typed.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import type { Metrics } from './metrics.js';

interface ExpressRequest extends IncomingMessage {
  route?: { path?: string };
  baseUrl?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestLog(pino: Pino | null, metrics: Metrics) {
  return (req: ExpressRequest, res: ServerResponse, next: () => void): void => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', id);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = req.route?.path;
      const route = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
      const status = res.statusCode;
      metrics.httpDuration.observe({ method: req.method ?? '?', route, status: String(status) }, seconds);
      pino?.[status >= 500 ? 'error' : 'info'](
        { requestId: id, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10 },
        'request',
      );
    });
    next();
  };
}
