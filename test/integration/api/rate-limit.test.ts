/** The per-caller request budget, over HTTP: one token's burst does not spend another's. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { FixedWindowLimiter } from '../../../src/modules/access/rate-limit.guard.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';

describe('rate limit', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootstrapApi({
      env: {
        DATABASE_URL: db.url,
        DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-rate-')),
        DUNGHAN_RATE_LIMIT: '3',
        HOST: '127.0.0.1',
        PORT: '0',
      },
      logger: false,
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers a token’s fourth request in a minute with 429 and Retry-After; another token is unaffected', async () => {
    const first = (await createToken(api.app, { role: 'council' })).token;
    const second = (await createToken(api.app, { role: 'leader' })).token;
    const get = (token: string) =>
      fetch(`${api.url}/api/obligations`, { headers: { authorization: `Bearer ${token}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(first)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get(first);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Quá nhiều yêu cầu/);
    expect((await get(second)).status).toBe(200);
  });
});

describe('rate limit before the token lookup', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootstrapApi({
      env: {
        DATABASE_URL: db.url,
        DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-rate-')),
        DUNGHAN_RATE_LIMIT: '3',
        // The test's requests come through "a proxy" on loopback that names the client.
        TRUST_PROXY: 'loopback',
        HOST: '127.0.0.1',
        PORT: '0',
      },
      logger: false,
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const get = (from: string, token?: string) =>
    fetch(`${api.url}/api/obligations`, {
      headers: {
        'x-forwarded-for': from,
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
    });
  const guess = `dh_${'A'.repeat(43)}`;

  it('answers an address’s fourth bad token in a minute with 429 and Retry-After, a working token from there still served', async () => {
    const colleague = (await createToken(api.app, { role: 'council' })).token;
    expect((await get('203.0.113.7', colleague)).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get('203.0.113.7', guess)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await get('203.0.113.7', guess);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Quá nhiều yêu cầu/);
    // The token in use from that address is unaffected; a token never seen is not even looked up
    // from there until the minute ends, and is served from elsewhere.
    expect((await get('203.0.113.7', colleague)).status).toBe(200);
    const fresh = (await createToken(api.app, { role: 'leader' })).token;
    expect((await get('203.0.113.7', fresh)).status).toBe(429);
    expect((await get('203.0.113.9', fresh)).status).toBe(200);
  });

  it('limits requests without a token per address too', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('203.0.113.8')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await get('203.0.113.10')).status).toBe(401);
  });
});

describe('FixedWindowLimiter', () => {
  it('starts a new budget each minute', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter(2, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a') > 0, limiter.hit('b')]).toEqual([
      0,
      0,
      true,
      0,
    ]);
    now += 60_000;
    expect(limiter.hit('a')).toBe(0);
  });
});
