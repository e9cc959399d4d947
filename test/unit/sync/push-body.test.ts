/** Which requests the API's parsers leave to the push route, what a push's media type holds, and token expiry dates. */
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { TokenRequestError, tokenExpiry } from '../../../src/cli/token.command.js';
import { isPushRequest, pushedFormatOfMedia, readBody } from '../../../src/modules/sync/push-body.js';

describe('the push route’s body', () => {
  it.each([
    ['POST', '/api/sources/van-phong/push', true],
    ['POST', '/api/sources/van-phong/push/', true],
    ['POST', '/api/sources/van-phong/push?x=1', true],
    ['GET', '/api/sources/van-phong/push', false],
    ['POST', '/api/sources/van-phong/sync', false],
    ['POST', '/api/sources/van-phong/push/more', false],
    ['POST', '/api/sources/a/b/push', false],
    ['POST', '/api/exemptions', false],
  ])('%s %s is a push: %s', (method, url, push) => {
    expect(isPushRequest({ method, url })).toBe(push);
  });

  it.each([
    ['application/json', 'bundle'],
    ['application/vnd.dunghan.bundle+json', 'bundle'],
    ['application/xml', 'edxml'],
    ['text/xml', 'edxml'],
    ['application/edxml+xml', 'edxml'],
    ['text/plain', null],
    [null, null],
  ])('%s holds %s', (media, format) => {
    expect(pushedFormatOfMedia(media)).toBe(format);
  });

  function request(headers: Record<string, string>, chunks: string[]): IncomingMessage {
    const stream = new PassThrough();
    Object.assign(stream, { headers });
    for (const c of chunks) stream.write(c);
    stream.end();
    return stream as unknown as IncomingMessage;
  }

  it('reads a body up to the limit, and refuses one over it declared or streamed', async () => {
    expect((await readBody(request({}, ['ab', 'cd']), 4)) as Buffer).toEqual(Buffer.from('abcd'));
    expect(await readBody(request({}, ['ab', 'cde']), 4)).toBe('too_large');
    expect(await readBody(request({ 'content-length': '5' }, []), 4)).toBe('too_large');
  });
});

describe('token expiry', () => {
  const at = new Date('2026-12-08T03:00:00Z'); // 10:00 in Vietnam
  it.each([
    [{}, '2027-03-08T03:00:00.000Z'],
    [{ expiresIn: '1' }, '2026-12-09T03:00:00.000Z'],
    // Works through the day named, Vietnam time: until 00:00 +07:00 the next day.
    [{ expires: '2026-12-09' }, '2026-12-09T17:00:00.000Z'],
  ])('%j expires at %s', (options, expected) => {
    expect(tokenExpiry(options, at).toISOString()).toBe(expected);
  });

  it.each([
    [{ expiresIn: '0' }, 'tokenExpiresInInvalid'],
    [{ expiresIn: '3651' }, 'tokenExpiresInInvalid'],
    [{ expiresIn: '1.5' }, 'tokenExpiresInInvalid'],
    [{ expires: '2026-12-08' }, 'tokenExpiresInvalid'],
    [{ expires: '08/12/2027' }, 'tokenExpiresInvalid'],
    [{ expires: '2027-01-01', expiresIn: '3' }, 'tokenExpiryTwice'],
  ])('%j is refused (%s)', (options, key) => {
    let error: unknown;
    try {
      tokenExpiry(options, at);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).key).toBe(key);
  });
});
