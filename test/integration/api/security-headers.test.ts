/** What a browser is told about every answer: no sniffing, no framing, no caching of personal data. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';

describe('security headers', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootstrapApi({
      env: {
        DATABASE_URL: db.url,
        DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-headers-')),
        HOST: '127.0.0.1',
        PORT: '0',
      },
      logger: false,
    });
    token = (await createToken(api.app, { role: 'council' })).token;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const get = (path: string, auth = true) =>
    fetch(`${api.url}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });

  it('answers the API with nosniff, no framing, a deny-all content policy and no-store; no X-Powered-By', async () => {
    for (const [path, auth, status] of [
      ['/api/obligations', true, 200],
      ['/api/scores', true, 200],
      ['/api/obligations', false, 401],
      ['/api/nowhere', true, 404],
    ] as const) {
      const res = await get(path, auth);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('sends the same headers outside /api, with /health and /metrics not cached either', async () => {
    const health = await get('/health', false);
    expect(health.headers.get('x-powered-by')).toBeNull();
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('cache-control')).toBe('no-store');
  });

  it('still serves the Swagger UI: its page, scripts and styles load under its own policy', async () => {
    const page = await get('/api/docs', false);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    // script-src 'self' runs no inline script: every script the page has is a file from here.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      expect(attributes).toMatch(/src="\.?\/?[^":]+"/);
    }
    const files = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const res = await fetch(new URL(file, `${api.url}/api/docs/`));
      expect([file, res.status]).toEqual([file, 200]);
    }
    const spec = await get('/api/docs-json', false);
    expect(spec.status).toBe(200);
  });
});
