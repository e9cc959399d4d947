/**
 * `npm run bench:web`: the web pages under 20 concurrent signed-in people (issue 14), over the
 * generated province-year in Postgres, against the API as deployed (its own process).
 *
 * Signs in 20 people through one-time sign-in links (`makeLoginLink`, as `dunghan login-link`
 * prints them) and keeps each one's session cookie: 16 heads of different units (the busiest), 3
 * drafters (staff) and a leader. Each person then browses in a loop, one page at a time, for
 * BENCH_SECONDS (default 20): a unit head her unit page, its evidence lists (phase, week, overdue,
 * due soon) and the obligation pages they link to; a drafter her home and her obligations' pages;
 * the leader the units side by side and any unit's pages. Prints p50/p95/p99 per page kind (time
 * from request to the last byte, on loopback, so it is the server's time plus the loopback's),
 * beside a bare Node http server answering a static page of the same size to 20 concurrent
 * clients in the same run: the machine's own floor. Target (issue 14): p95 < 300 ms per page.
 *
 * The year is imported once through `dunghan import` into `dunghan_bench_web_<records>` and kept
 * for later runs (BENCH_FRESH=1 imports again); the province file is cached under bench/out/.
 * BENCH_RECORDS (default 1,000,000) runs it smaller; BENCH_API_ARGS passes node flags to the API
 * (`--cpu-prof --cpu-prof-dir=bench/out` profiles it). Run it on an idle machine.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeLoginLink } from '../src/cli/access.command.js';
import { openApplicationContext } from '../src/modules/core/application-context.js';
import { databaseUrl, ensureImported, fmt, provinceFile, RECORDS, seconds, sql } from './bench-support.js';

const DATABASE = `dunghan_bench_web_${RECORDS}`;
const AS_OF = '2025-12-31T17:00:00+07:00';
const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = 20;
const HEADS = 16;
const DRAFTERS = 3;
const PORT = Number(process.env.BENCH_PORT ?? 3998);
const TARGET_P95_MS = 300;
/** The built entry points beside this file (dist/bench → dist/src). */
const built = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

type Kind = 'unit page' | 'evidence list' | 'obligation page' | 'home (drafter, leader)';
const KINDS: Kind[] = ['unit page', 'evidence list', 'obligation page', 'home (drafter, leader)'];

interface Visit {
  kind: Kind;
  path: string;
}

interface User {
  who: string;
  cookie: string;
  visits: Visit[];
}

async function startApi(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // BENCH_API_ARGS: node flags for the API's process, e.g. `--cpu-prof --cpu-prof-dir=bench/out`.
  const flags = (process.env.BENCH_API_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...flags, join(built, 'main.js')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
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

/** Follows a one-time sign-in link the way a browser does; returns the session cookie. */
async function signIn(base: string, url: string): Promise<string> {
  const res = await fetch(base + new URL(url).pathname, { redirect: 'manual' });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('dunghan_session='));
  if (cookie === undefined) throw new Error(`sign-in link ${url}: answered ${res.status}, no session`);
  return cookie;
}

interface Row {
  unit_id: string;
  person_id: string;
}

/** Who browses what: chosen from the stored data, the busiest first. */
async function chooseUsers(url: string): Promise<{ heads: Row[]; drafters: Row[]; leader: string }> {
  const heads = await sql<Row>(
    url,
    `SELECT u.id AS unit_id, u.head_id AS person_id FROM units u
       JOIN people p ON p.id = u.head_id AND p.active AND p.role = 'unit_head'
       JOIN obligations o ON o.unit_id = u.id
      GROUP BY u.id, u.head_id ORDER BY count(*) DESC, u.id LIMIT ${HEADS}`,
  );
  const drafters = await sql<Row>(
    url,
    `SELECT p.unit_id, p.id AS person_id FROM people p JOIN obligations o ON o.person_id = p.id
      WHERE p.active AND p.role = 'staff'
      GROUP BY p.id, p.unit_id ORDER BY count(*) DESC, p.id LIMIT ${DRAFTERS}`,
  );
  const [leader] = await sql<{ id: string }>(
    url,
    `SELECT id FROM people WHERE active AND role = 'leader' ORDER BY id LIMIT 1`,
  );
  if (heads.length < HEADS || drafters.length < DRAFTERS || leader === undefined)
    throw new Error(`not enough people to sign in: ${heads.length} heads, ${drafters.length} drafters`);
  return { heads, drafters, leader: leader.id };
}

const EVIDENCE = ['pham_vi=phase', 'pham_vi=week', 'pham_vi=overdue', 'pham_vi=soon', 'pham_vi=phase&dat=0'];

async function obligationIds(url: string, column: 'unit_id' | 'person_id', id: string): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    url,
    `SELECT id FROM obligations WHERE ${column} = $1 ORDER BY due_date DESC NULLS LAST, id LIMIT 20`,
    [id],
  );
  return rows.map((r) => r.id);
}

const unitVisits = (unitId: string, obligations: string[]): Visit[] => {
  const u = encodeURIComponent(unitId);
  return [
    { kind: 'unit page', path: `/don-vi/${u}` },
    ...EVIDENCE.map((q) => ({ kind: 'evidence list' as const, path: `/don-vi/${u}/bang-chung?${q}` })),
    ...obligations
      .slice(0, 5)
      .map((id) => ({ kind: 'obligation page' as const, path: `/nghia-vu/${encodeURIComponent(id)}` })),
  ];
};

/** Each user browses one page at a time, in a loop, until the time is up. */
async function browse(
  base: string,
  users: User[],
  durationMs: number,
): Promise<{ times: Map<Kind, number[]>; failures: string[] }> {
  const times = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const failures: string[] = [];
  const end = Date.now() + durationMs;
  await Promise.all(
    users.map(async (user, u) => {
      for (let i = u; Date.now() < end; i++) {
        const visit = user.visits[i % user.visits.length];
        const start = process.hrtime.bigint();
        const res = await fetch(base + visit.path, {
          headers: user.cookie === '' ? {} : { cookie: user.cookie },
          redirect: 'manual',
        });
        await res.arrayBuffer();
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (res.status !== 200) failures.push(`${user.who} ${visit.path}: ${res.status}`);
        else times.get(visit.kind)!.push(ms);
      }
    }),
  );
  return { times, failures };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function line(label: string, ms: number[], target = true): string {
  const s = [...ms].sort((a, b) => a - b);
  const p95 = percentile(s, 95);
  return (
    `${label.padEnd(26)} ${fmt(s.length).padStart(6)} pages   p50 ${fmt(percentile(s, 50), 1).padStart(7)} ms   ` +
    `p95 ${fmt(p95, 1).padStart(7)} ms   p99 ${fmt(percentile(s, 99), 1).padStart(7)} ms   max ${fmt(s.at(-1) ?? NaN, 1).padStart(7)} ms` +
    (target && s.length > 0 ? `   ${p95 < TARGET_P95_MS ? 'ok' : 'OVER'} (p95 < ${TARGET_P95_MS} ms)` : '')
  );
}

/** The floor: a static page of the same size from a bare Node server, 20 clients, same loopback. */
async function bare(body: string): Promise<number[]> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const users = Array.from({ length: USERS }, (_, i) => ({
      who: `bare-${i}`,
      cookie: '',
      visits: [{ kind: 'unit page' as const, path: '/' }],
    }));
    const { times } = await browse(`http://127.0.0.1:${port}`, users, Math.min(DURATION, 10) * 1000);
    return times.get('unit page')!;
  } finally {
    server.close();
  }
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    DUNGHAN_CLOCK: AS_OF,
    DUNGHAN_RATE_LIMIT: '10000000',
    DUNGHAN_WORKER_NAME: 'bench-web',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(PORT),
    PUBLIC_URL: `http://127.0.0.1:${PORT}`,
  };
  delete env.REDIS_URL;
  await ensureImported({ database: DATABASE, env, bundle: provinceFile, asOf: AS_OF, records: RECORDS });
  const url = env.DATABASE_URL!;
  const [{ total }] = await sql<{ total: number }>(url, 'SELECT count(*)::int AS total FROM obligations');
  const { heads, drafters, leader } = await chooseUsers(url);

  // Sign-in links, as `dunghan login-link` makes them.
  const context = await openApplicationContext({ env });
  const links = new Map<string, string>();
  try {
    for (const p of [...heads.map((h) => h.person_id), ...drafters.map((d) => d.person_id), leader])
      links.set(p, (await makeLoginLink(context, p, 'bench')).url);
  } finally {
    await context.close();
  }

  const api = await startApi(env);
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const users: User[] = [];
    for (const h of heads)
      users.push({
        who: `head of ${h.unit_id}`,
        cookie: await signIn(base, links.get(h.person_id)!),
        visits: unitVisits(h.unit_id, await obligationIds(url, 'unit_id', h.unit_id)),
      });
    for (const d of drafters) {
      const own = await obligationIds(url, 'person_id', d.person_id);
      users.push({
        who: `drafter ${d.person_id}`,
        cookie: await signIn(base, links.get(d.person_id)!),
        visits: [
          { kind: 'home (drafter, leader)', path: '/' },
          ...own.slice(0, 4).map((id) => ({
            kind: 'obligation page' as const,
            path: `/nghia-vu/${encodeURIComponent(id)}`,
          })),
        ],
      });
    }
    const leaderVisits: Visit[] = [{ kind: 'home (drafter, leader)', path: '/cac-don-vi' }];
    for (const h of heads.slice(0, 4))
      leaderVisits.push(...unitVisits(h.unit_id, await obligationIds(url, 'unit_id', h.unit_id)).slice(0, 4));
    users.push({ who: 'leader', cookie: await signIn(base, links.get(leader)!), visits: leaderVisits });

    // The first page after start: the cold figures (no cache yet), alone.
    const coldStart = process.hrtime.bigint();
    const first = await fetch(base + users[0].visits[0].path, { headers: { cookie: users[0].cookie } });
    const sample = await first.text();
    if (first.status !== 200) throw new Error(`${users[0].visits[0].path}: ${first.status}`);
    const coldMs = seconds(coldStart) * 1000;

    console.log(
      `\n${fmt(total)} obligations stored; ${USERS} signed-in people (${HEADS} unit heads, ${DRAFTERS} drafters, ` +
        `1 leader) browsing for ${DURATION} s; a unit page is ${fmt(sample.length / 1024, 1)} KiB; ` +
        `the first unit page after start took ${fmt(coldMs, 0)} ms\n`,
    );
    console.log(
      `The web figures are cached for a minute and the clock is fixed (DUNGHAN_CLOCK), so the pages below\n` +
        `are the cached path; the miss (the agency evaluated again, ${fmt(coldMs, 0)} ms above) recurs each minute\n` +
        `and after each sync in production, and every page asked meanwhile waits for it.\n`,
    );
    const { times, failures } = await browse(base, users, DURATION * 1000);
    const floor = await bare(sample);
    console.log(line('bare Node http server', floor, false));
    for (const kind of KINDS) console.log(line(kind, times.get(kind)!, kind !== 'home (drafter, leader)'));
    if (failures.length > 0)
      console.log(`\n${failures.length} pages did not answer 200, e.g. ${failures.slice(0, 3).join('; ')}`);
  } finally {
    api.kill('SIGTERM');
    await once(api, 'exit');
  }
}

await main();
