/**
 * `node dist/bench/score-refresh.bench.js` — what refreshing the stored scores costs on a
 * province-year (issue 5): the refresh runs inside every evaluation, the nightly incremental one
 * included, so it must stay a small part of it.
 *
 * 1. Imports the cached 1,000,000-record province-year (bench/out/, made by bench:sync or
 *    bench:engine) into a fresh database `dunghan_bench_scores_<pid>` through `dunghan import` (a
 *    full evaluation, which refreshes the scores once), then `VACUUM (ANALYZE)`.
 * 2. Times `ScoreStore.refresh` alone, in its own transaction, BENCH_REPEAT times (default 5), and
 *    prints the plan of its counting query.
 * 3. Times a pending evaluation (what follows a nightly sync) with the refresh's share.
 * 4. Times the council's actions: an exemption, its revocation, an adjustment.
 *
 * Prints figures; asserts nothing. BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * names the server; the database is dropped at the end unless BENCH_KEEP_DB=1. BENCH_DB=<name>
 * measures an existing database (kept) without importing.
 */
import pg from 'pg';
import { openServices } from './support/services.js';
import { runImport } from '../src/cli/service.commands.js';
import { parseInstant } from '../src/domain/time.js';
import { TALLY_QUERY } from '../src/infra/store/score-store.js';
import { fmt, provinceFile, seconds } from './bench-support.js';

const ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EXISTING = process.env.BENCH_DB;
const DATABASE = EXISTING ?? `dunghan_bench_scores_${process.pid}`;
const KEEP = EXISTING !== undefined || process.env.BENCH_KEEP_DB === '1';
const AS_OF = '2026-01-07T01:30:00+07:00';
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  if (EXISTING === undefined) await admin(`CREATE DATABASE ${DATABASE}`);
  const url = new URL(ADMIN);
  url.pathname = `/${DATABASE}`;
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    DUNGHAN_CLOCK: AS_OF,
    DUNGHAN_WORKER_NAME: 'bench',
  };
  try {
    const io = { stdout: process.stdout, stderr: process.stderr, env };
    let start = process.hrtime.bigint();
    if (EXISTING === undefined) {
      const code = await runImport({ bundle: [await provinceFile()], asOf: AS_OF }, io);
      if (code !== 0) throw new Error(`import failed (${code})`);
      console.log(`import with the full evaluation: ${fmt(seconds(start), 1)} s`);
    }

    const ctx = await openServices(env);
    try {
      await ctx.dataSource.query('VACUUM (ANALYZE)');
      const [{ n, judged, size }] = (await ctx.dataSource.query(
        `SELECT count(*)::int AS n, (count(*) FILTER (WHERE status IN ('met', 'late', 'overdue', 'violated')))::int AS judged,
                pg_size_pretty(pg_total_relation_size('obligations')) AS size FROM obligations`,
      )) as { n: number; judged: number; size: string }[];
      const [{ rows }] = (await ctx.dataSource.query('SELECT count(*)::int AS rows FROM scores')) as {
        rows: number;
      }[];
      console.log(
        `obligations: ${fmt(n)} (${fmt(judged)} judged), ${size}; stored scores: ${fmt(rows)} rows`,
      );

      const [{ id }] = (await ctx.dataSource.query(
        'SELECT id::text FROM evaluations ORDER BY id DESC LIMIT 1',
      )) as { id: string }[];
      const times: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        start = process.hrtime.bigint();
        await ctx.obligationStore.transaction((tx) =>
          ctx.scoreStore.refresh(tx.manager, {
            evaluationId: id,
            asOf: parseInstant(AS_OF)!,
            campaigns: ctx.domain.campaigns,
          }),
        );
        times.push(seconds(start));
      }
      times.sort((a, b) => a - b);
      console.log(
        `ScoreStore.refresh alone (${REPEAT} runs): median ${fmt(times[Math.floor(times.length / 2)] * 1000)} ms, ` +
          `min ${fmt(times[0] * 1000)} ms, max ${fmt(times[times.length - 1] * 1000)} ms`,
      );

      const plan = await ctx.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL work_mem = '64MB'`);
        return (await m.query(`EXPLAIN (ANALYZE, BUFFERS) ${TALLY_QUERY}`)) as { 'QUERY PLAN': string }[];
      });
      console.log('counting query plan:\n  ' + plan.map((r) => r['QUERY PLAN']).join('\n  '));

      const pending = await ctx.evaluation.evaluate(parseInstant(AS_OF)!, 'bench', 'pending');
      console.log(
        `pending evaluation (the nightly one with nothing synced): ${fmt(pending.ms)} ms, of which the score refresh ${fmt(pending.scoresMs)} ms ` +
          `(${fmt(pending.subjects)} subjects, ${fmt(pending.obligations)} obligations re-judged, ${fmt(pending.changed)} changed)`,
      );

      // The council's actions: each re-evaluates (pending) or re-finalizes in its own transaction.
      const [open] = (await ctx.dataSource.query(
        `SELECT id FROM obligations WHERE status = 'overdue' AND task_id IS NOT NULL ORDER BY id LIMIT 1`,
      )) as { id: string }[];
      start = process.hrtime.bigint();
      const exempted = await ctx.review.exempt({
        obligationId: open.id,
        reason: 'benchmark',
        actor: 'bench',
      });
      console.log(
        `exempt one obligation (re-evaluation and refresh included): ${fmt(seconds(start) * 1000)} ms`,
      );
      start = process.hrtime.bigint();
      await ctx.review.revokeExemption({
        exemptionId: exempted.exemption.id,
        reason: 'benchmark',
        actor: 'bench',
      });
      console.log(`revoke it: ${fmt(seconds(start) * 1000)} ms`);
      const [unit] = (await ctx.scoreStore.list({ level: 'unit', limit: 1 })).items;
      start = process.hrtime.bigint();
      await ctx.review.adjust({
        phaseId: unit.phaseId,
        level: 'unit',
        subjectId: unit.subjectId,
        points: 0.5,
        reason: 'benchmark',
        actor: 'bench',
      });
      console.log(`adjust one unit's score (its phase re-finalized): ${fmt(seconds(start) * 1000)} ms`);
    } finally {
      await ctx.close();
    }
  } finally {
    if (KEEP) console.log(`kept database ${DATABASE}`);
    else await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
