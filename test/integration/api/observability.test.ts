/**
 * What an administrator watches: Prometheus metrics read from the real Postgres and Redis, and the
 * JSON log lines — which carry no token, query string or body.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { REDIS_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../queue/queue-test.helpers.js';
import { capture } from '../support/cli-io.js';
import { folderSource } from '../support/sync-fixture.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

/** `name{a="x",b="y"} 3` → value, for the series with exactly these labels. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    if (m[2].split(',').sort().join(',') === want) return Number(m[3]);
  }
  return undefined;
}

describeWithRedis('metrics and structured logs', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let api: RunningApi;
  let token: string;
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const fixture = folderSource('office');
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      REDIS_URL,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-obs-')),
      DUNGHAN_CLOCK: AS_OF,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
    };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env)).code).toBe(
      0,
    );
    const stream = new PassThrough();
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
    api = await bootstrapApi({ env, queuePrefix: prefix, logStream: stream });
    token = (await createToken(api.app, { role: 'admin' })).token;
  });
  afterAll(async () => {
    await api?.close();
    await deleteKeys(prefix);
    await db?.drop();
  });

  const scrape = async () => {
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  it('counts the stored obligations by rule and status as the table holds them, and the import’s run', async () => {
    const text = await scrape();
    const rows = await query<{ rule: string; status: string; n: number }>(
      db.url,
      'SELECT rule, status, count(*)::int AS n FROM obligations GROUP BY rule, status',
    );
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows)
      expect(sample(text, 'dunghan_obligations', { rule: r.rule, status: r.status })).toBe(r.n);
    const [run] = await query<{ source: string; status: string; duration_ms: number; finished: number }>(
      db.url,
      'SELECT source, status, duration_ms, extract(epoch FROM finished_at)::float8 AS finished FROM sync_runs',
    );
    expect(run.status).toBe('succeeded');
    expect(sample(text, 'dunghan_sync_runs', { source: run.source, status: run.status })).toBe(1);
    expect(sample(text, 'dunghan_sync_last_run_seconds', { source: run.source, status: run.status })).toBe(
      run.duration_ms / 1000,
    );
    expect(sample(text, 'dunghan_sync_last_success_timestamp_seconds', { source: run.source })).toBeCloseTo(
      run.finished,
      3,
    );
    expect(sample(text, 'dunghan_mails_sent', { kind: 'reminder' })).toBe(0);
    expect(text).toMatch(/^dunghan_process_resident_memory_bytes \d+/m);
  });

  it('shows a queued "sync now" in the Redis queue depth until a worker takes it', async () => {
    expect(sample(await scrape(), 'dunghan_queue_jobs', { queue: 'sync', state: 'waiting' })).toBe(0);
    const res = await fetch(`${api.url}/api/sources/office/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(202);
    expect(sample(await scrape(), 'dunghan_queue_jobs', { queue: 'sync', state: 'waiting' })).toBe(1);
  });

  it('times requests by route pattern, never by the raw URL', async () => {
    const res = await fetch(`${api.url}/api/obligations/plan%3Ae2?x=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([200, 404]).toContain(res.status);
    const text = await scrape();
    expect(text).toMatch(
      /dunghan_http_request_duration_seconds_count\{[^}]*route="\/api\/obligations\/:id"[^}]*\} 1/,
    );
    expect(text).not.toContain('plan:e2');
    expect(text).not.toContain('plan%3Ae2');
  });

  it('logs JSON lines, one per request, with no token, query string or body in them', async () => {
    await fetch(`${api.url}/api/obligations?person=CV1&status=overdue`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-123' },
    });
    await fetch(`${api.url}/api/exemptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ obligationId: 'plan:e2', reason: 'LÝ DO RIÊNG TƯ' }),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.every((l) => typeof l.level === 'string' && typeof l.time === 'string')).toBe(true);
    expect(parsed).toContainEqual(
      expect.objectContaining({
        requestId: 'req-123',
        method: 'GET',
        route: '/api/obligations',
        status: 200,
      }),
    );
    expect(parsed).toContainEqual(expect.objectContaining({ route: '/api/exemptions', status: 403 }));
    const all = lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.slice(3, 20));
    expect(all).not.toContain('person=CV1');
    expect(all).not.toContain('LÝ DO RIÊNG TƯ');
  });
});
