/** The session cookie's parsing, the CSRF comparison and where a sign-in may send the browser back. */
import { describe, expect, it } from '@jest/globals';
import {
  csrfMatches,
  localPath,
  presentedCsrf,
  readCookie,
} from '../../../src/modules/access/session-cookie.js';

describe('readCookie', () => {
  it.each([
    ['dunghan_session=abc', 'abc'],
    ['a=1; dunghan_session=abc; b=2', 'abc'],
    ['xdunghan_session=abc', null],
    ['dunghan_session=%E0%A4%A', null],
    ['', null],
  ])('%s → %s', (header, expected) => {
    expect(readCookie({ headers: { cookie: header } }, 'dunghan_session')).toBe(expected);
  });
});

describe('the CSRF token', () => {
  it('is taken from the header first, else the form field', () => {
    expect(presentedCsrf({ headers: { 'x-csrf-token': 'h' }, body: { _csrf: 'b' } })).toBe('h');
    expect(presentedCsrf({ headers: {}, body: { _csrf: 'b' } })).toBe('b');
    expect(presentedCsrf({ headers: {}, body: { _csrf: ['b'] } })).toBeNull();
    expect(presentedCsrf({ headers: {}, body: ['b'] })).toBeNull();
  });
  it('matches only the same token', () => {
    expect(csrfMatches('abc', 'abc')).toBe(true);
    expect(csrfMatches('abd', 'abc')).toBe(false);
    expect(csrfMatches('ab', 'abc')).toBe(false);
    expect(csrfMatches(null, 'abc')).toBe(false);
  });
});

describe('localPath: where a sign-in may return', () => {
  it.each([
    ['/don-vi/VP?tuan=2025-W11', '/don-vi/VP?tuan=2025-W11'],
    ['/', '/'],
    ['//evil.example/x', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['don-vi', null],
    ['/a b', null],
    [42, null],
  ])('%s → %s', (value, expected) => {
    expect(localPath(value)).toBe(expected);
  });
});
