/**
 * A request DTO turns a raw query string or JSON body into its class or refuses it the way the
 * API always has: 400, the field named first, Vietnamese then English, with the value received.
 */
import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { ObligationsQuery } from '../../../src/modules/evaluation/obligations.requests.js';
import { AdjustBody } from '../../../src/modules/review/review.requests.js';
import { CampaignBody } from '../../../src/modules/settings/settings.requests.js';
import { parseRequest } from '../../../src/modules/shared/request-dto.js';
import { FreezeBody } from '../../../src/modules/snapshots/snapshots.requests.js';
import { RunsQuery } from '../../../src/modules/sync/runs.requests.js';

/** The message a refused request answers, or the parsed object. */
function answer(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string }).message;
  }
}

describe('request DTOs: what a query string becomes', () => {
  const cases: { name: string; query: Record<string, unknown>; answer: unknown }[] = [
    {
      name: 'nothing given: page 1 of the default size, no filter',
      query: {},
      answer: { page: 1, pageSize: 50 },
    },
    {
      name: 'filters and paging read, keys it does not declare left out',
      query: { unit: 'VP', rule: 'plan', page: '2', pageSize: '10', sort: 'x' },
      answer: { unit: 'VP', rule: 'plan', page: 2, pageSize: 10 },
    },
    {
      name: 'a page size out of range, with the value received',
      query: { pageSize: '501' },
      answer:
        'pageSize: phải là số nguyên từ 1 đến 500, nhận được "501" / must be a whole number from 1 to 500, got "501"',
    },
    {
      name: 'a key given twice',
      query: { page: ['1', '2'] },
      answer: 'page: chỉ được cho một lần / must be given once',
    },
    {
      name: 'a status that does not exist',
      query: { status: 'done' },
      answer:
        'status: chỉ nhận pending, met, late, overdue, violated, exempt, unknown / must be one of pending, met, late, overdue, violated, exempt, unknown',
    },
    {
      name: 'a date that does not exist',
      query: { dueFrom: '2024-02-30' },
      answer: 'dueFrom: "2024-02-30" không phải ngày YYYY-MM-DD / "2024-02-30" is not a date YYYY-MM-DD',
    },
  ];
  it.each(cases)('$name', ({ query, answer: expected }) => {
    const parsed = answer(() => ({ ...parseRequest(ObligationsQuery, query, 'query') }));
    expect(parsed).toEqual(expected);
  });

  it('reads the deprecated limit as the page size, and refuses it beside pageSize', () => {
    expect(parseRequest(RunsQuery, { limit: '5', page: '3' }, 'query').paging).toEqual({
      page: 3,
      pageSize: 5,
      limit: 5,
      offset: 10,
    });
    expect(answer(() => parseRequest(RunsQuery, { limit: '5', pageSize: '5' }, 'query'))).toBe(
      'limit: đã thay bằng pageSize, không dùng cả hai / is replaced by pageSize: do not send both',
    );
  });
});

describe('request DTOs: what a JSON body becomes', () => {
  it('names the first field at fault, in declaration order', () => {
    expect(answer(() => parseRequest(AdjustBody, { phaseId: '2025-1', level: 'team' }, 'body'))).toBe(
      'level: chỉ nhận unit, person / must be one of unit, person',
    );
    expect(
      answer(() =>
        parseRequest(
          AdjustBody,
          { phaseId: '2025-1', level: 'unit', subjectId: 'VP', points: '2', reason: 'x' },
          'body',
        ),
      ),
    ).toBe('points: cần một số, ví dụ 2.5 hoặc -5 / must be a number, e.g. 2.5 or -5');
  });

  it('refuses what is not a JSON object, unless every field may be left out and nothing came', () => {
    const notObject =
      'body: cần một đối tượng JSON (Content-Type: application/json) / a JSON object is required (Content-Type: application/json)';
    expect(answer(() => parseRequest(AdjustBody, undefined, 'body'))).toBe(notObject);
    expect(answer(() => parseRequest(FreezeBody, [1, 2], 'body'))).toBe(notObject);
    expect({ ...parseRequest(FreezeBody, undefined, 'body') }).toEqual({});
    expect({ ...parseRequest(FreezeBody, { asOf: '2024-05-08T17:00:00+07:00' }, 'body') }).toEqual({
      asOf: Date.parse('2024-05-08T10:00:00Z'),
    });
  });

  it('keeps a campaign whole, for the reader that checks it like config/campaigns.json', () => {
    const body = { name: 'Thi đua', phases: [], weights: { plan: 1 }, unknownField: true };
    expect({ ...parseRequest(CampaignBody, body, 'body') }).toEqual(body);
  });
});
