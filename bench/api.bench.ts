/**
 * `npm run bench:api`: a unit head's pages over the generated 1M-record province-year, under load
 * from a local client (autocannon), against the API as deployed (its own process, real Postgres).
 * Prints p50, p99 and requests/s per page (target p99 < 100 ms), beside the machine's own ceiling
 * in the same run: a bare Node http server answering the same bytes on the same loopback.
 *
 * The year is imported once through `dunghan import` into the database `dunghan_bench_api` and kept
 * for later runs (BENCH_FRESH=1 imports again). BENCH_SECONDS sets each load's duration (default
 * 15), BENCH_CONNECTIONS the concurrent connections (default 10).
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl, ensureImported, fmt, provinceFile, RECORDS, sql } from './bench-support.js';

const DATABASE = `dunghan_bench_api_${RECORDS}`;
const AS_OF = '2025-12-31T17:00:00+07:00';
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
/** The built entry points beside this file (dist/bench → dist/src). */
const built = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const cli = join(built, 'cli.js');

async function token(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const result = spawnSync(process.execPath, [cli, 'token', 'create', ...args], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`dunghan token create: ${result.stderr}`);
  return result.stdout.split('\n')[0].trim();
}

async function startApi(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(built, 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    const up = await fetch(`http://127.0.0.1:${PORT}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the API did not start');
}

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>, paths: string[]): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }),
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The ceiling: the same bytes from a bare Node server, no routing, no database. */
async function bare(body: string): Promise<Figures> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await load(`http://127.0.0.1:${port}`, {}, ['/']);
  } finally {
    server.close();
  }
}

function line(label: string, f: Figures, ceiling?: Figures): string {
  return (
    `${label.padEnd(44)} p50 ${fmt(f.p50, 1).padStart(6)} ms   p99 ${fmt(f.p99, 1).padStart(6)} ms   ` +
    `${fmt(f.rps).padStart(7)} req/s` +
    (ceiling === undefined ? '' : `   ${fmt(f.rps / ceiling.rps, 2)} of bare`) +
    (f.errors + f.non2xx > 0 ? `   (${f.errors} errors, ${f.non2xx} non-2xx!)` : '')
  );
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    DUNGHAN_CLOCK: AS_OF,
    DUNGHAN_RATE_LIMIT: '10000000',
    DUNGHAN_WORKER_NAME: 'bench-api',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(PORT),
  };
  delete env.REDIS_URL;
  await ensureImported({ database: DATABASE, env, bundle: provinceFile, asOf: AS_OF, records: RECORDS });

  // The unit with the most obligations: the heaviest unit head's pages.
  const [unit] = await sql<{ unit_id: string; head_id: string | null; n: number }>(
    env.DATABASE_URL!,
    `SELECT o.unit_id, u.head_id, count(*)::int AS n FROM obligations o JOIN units u ON u.id = o.unit_id
     WHERE u.head_id IS NOT NULL GROUP BY o.unit_id, u.head_id ORDER BY n DESC LIMIT 1`,
  );
  const [{ total }] = await sql<{ total: number }>(
    env.DATABASE_URL!,
    'SELECT count(*)::int AS total FROM obligations',
  );
  const head = await token(env, ['--role', 'unit_head', '--person', unit.head_id!, '--label', 'bench']);
  const leader = await token(env, ['--role', 'leader', '--label', 'bench']);

  const api = await startApi(env);
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const pages = Math.ceil(unit.n / 50);
    const obligationPaths = Array.from(
      { length: Math.min(pages, 200) },
      (_, i) => `/api/obligations?page=${1 + ((i * 37) % pages)}&pageSize=50`,
    );
    const scorePaths = ['/api/scores?phase=2025-1', '/api/scores?phase=2025-2'];
    const overduePaths = [
      `/api/obligations?unit=${unit.unit_id}&status=overdue&pageSize=50`,
      `/api/obligations?unit=${unit.unit_id}&phase=2025-2&pageSize=50`,
    ];
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });

    const sample = await (await fetch(base + obligationPaths[0], { headers: auth(head) })).text();
    console.log(
      `\n${fmt(total)} obligations stored; unit ${unit.unit_id} has ${fmt(unit.n)} (${fmt(pages)} pages of 50); ` +
        `${CONNECTIONS} connections, ${DURATION} s per load; one obligations page is ${fmt(sample.length / 1024, 1)} KiB\n`,
    );
    const ceiling = await bare(sample);
    console.log(line('bare Node http server, same bytes', ceiling));
    console.log(
      line('unit head: her unit’s scores (phase 1 and 2)', await load(base, auth(head), scorePaths), ceiling),
    );
    console.log(
      line('unit head: her obligations, pages of 50', await load(base, auth(head), obligationPaths), ceiling),
    );
    console.log(
      line(
        'leader: one unit filtered (overdue, phase 2)',
        await load(base, auth(leader), overduePaths),
        ceiling,
      ),
    );
  } finally {
    api.kill('SIGTERM');
    await once(api, 'exit');
  }
}

await main();
