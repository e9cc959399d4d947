/** Answers a Refusal (refusal.ts) in the API's error format (global: registered by the API module). */
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { RefusalKind } from './refusal.js';
import { Refusal } from './refusal.js';

const STATUS: Record<RefusalKind, number> = { invalid: 400, not_found: 404, conflict: 409 };

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
