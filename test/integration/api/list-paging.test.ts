/**
 * One paging convention over HTTP: `/api/runs` and `/api/reminders` take `page` and `pageSize` and
 * answer `{ items, page, pageSize, total }` like every other list; `limit`, their old parameter, is
 * still read as the page size for one release, and refused beside `pageSize`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRemind } from '../../../src/cli/remind.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

interface Page {
  items: Record<string, unknown>[];
  page: number;
  pageSize: number;
  total: number;
}

describe('runs and reminders are paged like every other list', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'dunghan-paging-'));
    mkdirSync(join(dataDir, 'inbox'));
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'paging-test',
      DUNGHAN_DATA_DIR: dataDir,
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env)).code).toBe(
      0,
    );
    expect((await capture((io) => runRemind({ asOf: '2024-05-09T08:00:00+07:00' }, io), env)).code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    token = (await createToken(api.app, { role: 'admin', label: 'paging' })).token;
    // Three runs of the (empty) inbox, each finished before the next is asked for.
    for (let n = 1; n <= 3; n++) {
      expect((await call('POST', '/api/sources/bundle-inbox/sync')).status).toBe(202);
      for (let i = 0; i < 100; i++) {
        const runs = (await call('GET', '/api/runs?pageSize=10')).body as Page;
        if (runs.total === n && runs.items.every((r) => r.status !== 'running')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function call(method: string, path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(api.url + path, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
  }
  const get = async (path: string) => {
    const answer = await call('GET', path);
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    return answer.body as Page;
  };

  it.each([['/api/runs'], ['/api/reminders']])(
    '%s answers pages that add up to the whole list',
    async (route) => {
      const all = await get(`${route}?pageSize=1000`);
      expect(all.total).toBeGreaterThanOrEqual(3);
      expect(all.items).toHaveLength(all.total);
      const pages: Page[] = [];
      for (let page = 1; page <= Math.ceil(all.total / 2); page++)
        pages.push(await get(`${route}?page=${page}&pageSize=2`));
      expect(pages.map((p) => [p.page, p.pageSize, p.total])).toEqual(
        pages.map((_, i) => [i + 1, 2, all.total]),
      );
      expect(pages.flatMap((p) => p.items)).toEqual(all.items);
      expect((await get(`${route}?page=${pages.length + 1}&pageSize=2`)).items).toEqual([]);
    },
  );

  it.each([['/api/runs'], ['/api/reminders']])(
    '%s still reads the deprecated limit as the page size',
    async (route) => {
      const first = await get(`${route}?limit=2`);
      expect(first).toEqual(await get(`${route}?pageSize=2`));
      expect([first.page, first.pageSize, first.items.length]).toEqual([1, 2, 2]);
      expect((await get(`${route}?limit=2&page=2`)).items).toEqual(
        (await get(`${route}?pageSize=2&page=2`)).items,
      );
      const both = await call('GET', `${route}?limit=2&pageSize=2`);
      expect(both.status).toBe(400);
      expect((both.body as { parameter: string }).parameter).toBe('limit');
    },
  );

  it('keeps the newest run first', async () => {
    const ids = (await get('/api/runs')).items.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
