/** The JSON logger keeps secrets out whichever way they reach it: a field, a URL, an error. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { JsonNestLogger, createJsonLogger } from '../../../src/modules/monitoring/json-logger.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines, text: () => chunks.join('') };
}

describe('JSON logs', () => {
  it('blanks credentials in the fields pino is given, at any depth it knows', () => {
    const out = capture();
    const pino = createJsonLogger('info', out.stream);
    pino.info(
      {
        headers: { authorization: 'Bearer dh_SECRET1', cookie: 'sid=SECRET2' },
        token: 'SECRET3',
        source: { password: 'SECRET4', apiKey: 'SECRET5', secret: 'SECRET6' },
      },
      'x',
    );
    expect(out.text()).not.toMatch(/SECRET/);
    expect(out.lines()[0]).toMatchObject({
      level: 'info',
      service: 'dunghan',
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      token: '[redacted]',
    });
  });

  it("keeps an unhandled error's stack as Nest's exception handler passes it, with URL passwords masked", () => {
    const out = capture();
    const logger = new JsonNestLogger(createJsonLogger('info', out.stream));
    // What Logger('ExceptionsHandler').error(exception) hands the logger service.
    logger.error(
      new Error('connect ECONNREFUSED redis://dunghan:hunter2@redis:6379'),
      undefined,
      'ExceptionsHandler',
    );
    logger.error('Could not start', 'Api');
    const [unhandled, plain] = out.lines();
    expect(unhandled).toMatchObject({
      level: 'error',
      context: 'ExceptionsHandler',
      msg: 'connect ECONNREFUSED redis://dunghan:***@redis:6379',
    });
    expect(unhandled.trace).toMatch(
      /^Error: connect ECONNREFUSED redis:\/\/dunghan:\*\*\*@redis:6379\n\s+at /,
    );
    expect(plain).toMatchObject({ level: 'error', context: 'Api', msg: 'Could not start' });
    expect(plain.trace).toBeUndefined();
    expect(out.text()).not.toContain('hunter2');
  });

  it('writes nothing below its level', () => {
    const out = capture();
    const logger = new JsonNestLogger(createJsonLogger('warn', out.stream));
    logger.log('started', 'Api');
    logger.debug('detail', 'Api');
    logger.warn('slow', 'Api');
    expect(out.lines().map((line) => line.msg)).toEqual(['slow']);
  });
});
