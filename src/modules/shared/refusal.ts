/**
 * A request refused for a reason the caller can act on, raised by a service without knowing about
 * HTTP: `kind` says which (invalid → 400, not_found → 404, conflict → 409), `field` names what was
 * wrong, and the message says it in Vietnamese and English.
 */
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch } from '@nestjs/common';
import type { ServerResponse } from 'node:http';

export type RefusalKind = 'invalid' | 'not_found' | 'conflict';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    /** The input field at fault: `obligationId`, `reason`, `weights.plan`, `date`, … */
    readonly field: string,
    readonly vi: string,
    readonly en: string,
    /** A finer code for clients, e.g. `already_exempt`; the kind when there is none. */
    readonly code: string = kind,
  ) {
    super(`${field}: ${vi} / ${en}`);
  }
}

const STATUS: Record<RefusalKind, number> = { invalid: 400, not_found: 404, conflict: 409 };

/** Answers a Refusal in the API's error format (global: registered by the API module). */
@Catch(Refusal)
export class RefusalFilter implements ExceptionFilter {
  catch(error: Refusal, host: ArgumentsHost): void {
    const status = STATUS[error.kind];
    const res = host.switchToHttp().getResponse<ServerResponse>();
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        statusCode: status,
        error: error.code,
        parameter: error.field,
        message: `${error.field}: ${error.vi} / ${error.en}`,
      }),
    );
  }
}
