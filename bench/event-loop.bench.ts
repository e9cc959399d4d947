/**
 * `npm run bench:event-loop`: how long `GET /api/evaluation` holds the API's event loop (issue 11,
 * finding 8), before and after it moved to a worker thread (src/modules/evaluation/evaluation-stream.ts).
 *
 * A generated agency of BENCH_LOOP_RECORDS records (default 300,000) is imported once through
 * `dunghan import` into `dunghan_bench_loop_<records>` (kept; BENCH_FRESH=1 imports again). In this
 * process, an HTTP server answers the evaluation two ways over the same stores and configuration:
 * `before` is the former handler (evaluate in this thread, write the JSON), `after` is
 * `streamEvaluation` as the API runs it. A client reads each answer whole while
 * `monitorEventLoopDelay` and a 10 ms ticker measure the loop: the longest delay is the longest a
 * `/health` or a page of obligations would have waited.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defaultConfigDir, projectRoot } from '../src/config/project-root.js';
import { exportInstantOf, generateAgency } from '../src/demo/agency-generator.js';
import { writeBundle } from '../src/demo/bundle-writer.js';
import { parseInstant } from '../src/domain/time.js';
import { streamEvaluation } from '../src/modules/evaluation/evaluation-stream.js';
import { evaluateStored } from '../src/modules/evaluation/stored-evaluation.js';
import { writeEvaluationJson } from '../src/presentation/evaluation-json.writer.js';
import { OutputWriter } from '../src/presentation/output-writer.js';
import { databaseUrl, ensureImported, fmt, mb, seconds, sql } from './bench-support.js';
import { openServices, type TestServices } from './support/services.js';

const RECORDS = Number(process.env.BENCH_LOOP_RECORDS ?? 300_000);
const DATABASE = `dunghan_bench_loop_${RECORDS}`;
const AS_OF = '2025-12-31T17:00:00+07:00';

async function agencyFile(): Promise<string> {
  const file = join(projectRoot(), 'bench', 'out', `agency-${RECORDS}.bundle.json`);
  if (existsSync(file)) return file;
  await mkdir(dirname(file), { recursive: true });
  const units = Math.max(8, Math.round(RECORDS / 4200));
  await writeBundle(
    file,
    generateAgency({
      seed: 20250101,
      units,
      people: units * 25,
      targetRecords: RECORDS,
      from: '2025-01-01',
      to: '2025-12-31',
    }),
    { system: 'dunghan-bench', exportedAt: exportInstantOf('2025-12-31') },
  );
  return file;
}

/** The handler as it was before this change: everything on the event loop. */
async function before(ctx: TestServices, res: ServerResponse, asOf: number): Promise<void> {
  const { evaluation, scores } = await evaluateStored(ctx, asOf);
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  const out = new OutputWriter(res);
  await writeEvaluationJson(out, evaluation, scores, { evidence: false });
  await out.flush();
  res.end();
}

interface LoopFigures {
  wall: number;
  bytes: number;
  maxDelayMs: number;
  p99DelayMs: number;
  longestGapMs: number;
}

async function measure(url: string): Promise<LoopFigures> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 10);
  histogram.enable();
  const start = process.hrtime.bigint();
  const res = await fetch(url);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
  const wall = seconds(start);
  histogram.disable();
  clearInterval(ticker);
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return {
    wall,
    bytes,
    maxDelayMs: histogram.max / 1e6,
    p99DelayMs: histogram.percentile(99) / 1e6,
    longestGapMs: longestGap,
  };
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    DUNGHAN_CONFIG_DIR: defaultConfigDir(),
    DUNGHAN_CLOCK: AS_OF,
    REDIS_URL: '',
  };
  await ensureImported({
    database: DATABASE,
    env,
    bundle: agencyFile,
    asOf: AS_OF,
    records: RECORDS,
    importOutput: 'ignore',
  });
  const ctx = await openServices(env);
  const asOf = parseInstant(AS_OF)!;
  const streamCtx = {
    obligationStore: ctx.obligationStore,
    domain: ctx.domain,
    databaseUrl: env.DATABASE_URL!,
  };
  const server = createServer((req, res) => {
    const work =
      req.url === '/before' ? before(ctx, res, asOf) : streamEvaluation(streamCtx, res, asOf, undefined);
    work.catch((e: unknown) => res.destroy(e as Error));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const [{ n }] = await sql<{ n: number }>(env.DATABASE_URL!, 'SELECT count(*)::int AS n FROM obligations');
  console.log(
    `GET /api/evaluation on ${fmt(RECORDS)} records (${fmt(n)} stored obligations), event loop of the API process`,
  );
  console.log(
    '  handler                          wall     body      max loop delay   p99 delay   longest 10 ms tick gap',
  );
  for (const [name, path] of [
    ['before: evaluate on the loop', '/before'],
    ['after: worker thread', '/after'],
  ] as const) {
    const f = await measure(`http://127.0.0.1:${port}${path}`);
    console.log(
      `  ${name.padEnd(31)} ${fmt(f.wall, 1).padStart(5)} s ${fmt(mb(f.bytes), 0).padStart(5)} MiB ${fmt(f.maxDelayMs, 0).padStart(10)} ms ${fmt(f.p99DelayMs, 0).padStart(9)} ms ${fmt(f.longestGapMs, 0).padStart(12)} ms`,
    );
  }
  server.close();
  await ctx.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
