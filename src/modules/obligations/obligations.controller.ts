import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { AppContext } from '../../app/app-context.js';
import { parseAsOf } from '../../cli/evaluate.command.js';
import { writeEvaluationJson } from '../../cli/evaluation-json.writer.js';
import { OutputWriter } from '../../cli/output-writer.js';
import { APP_CONTEXT } from '../core/core.tokens.js';
import { badParameter, single } from '../shared/request-errors.js';
import { evaluateStored } from './stored-evaluation.js';

@Controller('api/obligations')
export class ObligationsController {
  constructor(@Inject(APP_CONTEXT) private readonly ctx: AppContext) {}

  /**
   * EVALUATE.md's JSON for the stored data as of `asOf` (default now, or DUNGHAN_CLOCK; a date
   * alone is the end of that local day), optionally of one unit. Streamed: an agency-year does not sit in one string.
   */
  @Get()
  async obligations(
    @Query('asOf') asOfParam: unknown,
    @Query('unit') unitParam: unknown,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const asOfText = single('asOf', asOfParam);
    const unit = single('unit', unitParam);
    const asOf = asOfText === undefined || asOfText === '' ? this.ctx.now() : parseAsOf(asOfText);
    if (typeof asOf !== 'number') {
      throw asOf.error === 'no_offset'
        ? badParameter(
            'asOf',
            `"${asOfText}" thiếu múi giờ, ví dụ 2025-03-20T17:00:00+07:00`,
            `"${asOfText}" lacks its offset, e.g. 2025-03-20T17:00:00+07:00`,
          )
        : badParameter(
            'asOf',
            `"${asOfText}" không phải thời điểm hợp lệ, ví dụ 2025-03-20T17:00:00+07:00 hoặc 2025-03-20`,
            `"${asOfText}" is not a valid instant, e.g. 2025-03-20T17:00:00+07:00 or 2025-03-20`,
          );
    }
    const { evaluation, scores } = await evaluateStored(this.ctx, asOf, unit === '' ? undefined : unit);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    const out = new OutputWriter(res);
    try {
      await writeEvaluationJson(out, evaluation, scores, { evidence: false });
      await out.flush();
      res.end();
    } catch (error) {
      // Headers are gone: all that is left is to cut the response short, so it is not valid JSON.
      res.destroy(error as Error);
    }
  }
}
