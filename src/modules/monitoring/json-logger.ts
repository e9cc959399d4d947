/**
 * Structured logs: one JSON object per line (pino), for the API and the worker. Nest's own messages
 * go through it, and every request is one line with its route pattern, status and duration —
 * never its query string or body (a query may name a person, a body carries an exemption's
 * reason), never a header but the request id. Secrets are redacted wherever they might appear.
 * (pino itself rather than nestjs-pino, whose CommonJS build cannot load the ESM-only Nest 12 under
 * the test runner.)
 */
import type { LoggerService } from '@nestjs/common';
import type { Logger as Pino } from 'pino';
import type { LogLevelName } from '../../config/app-config.js';
import { pino } from 'pino';

/** Paths pino blanks out, should an object carrying them ever be logged. */
const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'clientSecret',
  '*.clientSecret',
];

export function createJsonLogger(level: LogLevelName, destination?: NodeJS.WritableStream): Pino {
  const options = {
    level,
    base: { service: 'dunghan' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination === undefined ? pino(options) : pino(options, destination as pino.DestinationStream);
}

/** Credentials in a URL-shaped text (`redis://user:pass@host`) masked before anything logs it. */
export function maskCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^@\s/]*)@/gi, '$1$2:***@');
}

/** Nest's LoggerService on pino: `context` becomes a field, messages are masked for credentials. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    // Nest passes (message, context) when there is no stack.
    if (context === undefined && trace !== undefined && !trace.includes('\n'))
      this.write('error', message, trace);
    else this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    context?: string,
    trace?: string,
  ) {
    const text = maskCredentials(message instanceof Error ? message.message : String(message));
    // Nest's exception handler passes the Error itself, with no trace: its stack is the trace.
    const stack = trace ?? (message instanceof Error ? message.stack : undefined);
    this.pino[level](
      { ...(context ? { context } : {}), ...(stack ? { trace: maskCredentials(stack) } : {}) },
      text,
    );
  }
}
