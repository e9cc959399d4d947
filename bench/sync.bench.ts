/**
 * `npm run bench:sync` — the service core on a province-year in Postgres (issue 3).
 *
 * 1. Makes (once; cached under bench/out/, shared with bench:engine) the seeded 1,000,000-record
 *    province-year, and a fresh database `dunghan_bench_<pid>` on the local Postgres, migrated by
 *    `openServices`; the database is dropped at the end.
 * 2. Backfill: the file through the same path as `dunghan import` (`loadBundles`, then
 *    `SyncService.importDataset` under one run), then the full evaluation, each timed. Then
 *    `VACUUM (ANALYZE)`, timed apart: what autovacuum does before the next night.
 * 3. The machine's limit for the same write: the same rows (exported from the tables the import
 *    wrote) loaded with server-side `COPY … FROM 'file'` into regular (logged) tables made with
 *    `LIKE … INCLUDING ALL` — same columns, keys and indexes, same durability — in the same
 *    database, one table after another on one connection, as the import writes.
 * 4. Incremental: 10,000 changed records in a bundle file dropped in a bundle-folder source,
 *    synced by `SyncService.run` in this process (wall time including the affected-subjects
 *    re-evaluation), then 10,000 more by `dunghan sync --source bench-inbox` as a separate
 *    process: the worker's wall time and peak RSS.
 * 5. Issue 13: a preview of one day off (`PreviewService.calendarDay`) after the first incremental
 *    sync, then the three figures together — full evaluation from start to stored scores,
 *    incremental sync with its evaluation, preview — beside the raw COPY of step 3 and the offline
 *    engine on the same records (`loadBundles` and `evaluate()` alone, timed as bench:engine does).
 *
 * The evaluations run as of three nights, as they would in service: the backfill's as of
 * 2026-01-05 01:30, each incremental sync's the night after its export (2026-01-06 and 01-07,
 * 01:30) — so each judges a new working day: its overdue obligations count another day late, and
 * that is part of the figure. Fixed, so the figures do not depend on the day it runs. Each phase also
 * prints the CPU time of this process and of the database's server processes: on a busy machine
 * wall times include waiting for a core, CPU times do not.
 *
 * BENCH_SYNC_REUSE=1 keeps the backfilled, vacuumed database as a template
 * (`dunghan_bench_sync_<records>`) and, when it exists, starts from a copy of it: steps 2 and 3 are
 * skipped and only the incremental figures are printed (for working on the incremental sync; drop
 * the template after a schema change).
 *
 * Prints figures; asserts nothing. Run it on an idle machine. BENCH_RECORDS (default 1,000,000)
 * makes it smaller; BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the
 * server, which must be on this machine and reached as a superuser (server-side COPY of files under
 * the temporary directory, CHECKPOINT, CPU read from /proc).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { defaultConfigDir, projectRoot } from '../src/config/project-root.js';
import { buildCalendar } from '../src/domain/calendar/working-calendar.js';
import { evaluate } from '../src/domain/evaluate.js';
import { PreviewService } from '../src/modules/preview/preview.service.js';
import type {
  DocumentRecord,
  DraftRecord,
  GeneratedItem,
  TaskRecord,
  WeeklyScheduleRecord,
} from '../src/demo/agency-generator.js';
import { writeBundle } from '../src/demo/bundle-writer.js';
import type { BundleIssue } from '../src/domain/bundle/bundle-issue.js';
import type { RecordBatch } from '../src/domain/bundle/record-batch.js';
import type { Dataset } from '../src/domain/model.js';
import {
  formatDay,
  formatInstant,
  formatIsoWeek,
  mondayOfIsoWeek,
  parseDay,
  parseInstant,
  parseIsoWeek,
  startOfLocalDay,
} from '../src/domain/time.js';
import type { LoadedBundles } from '../src/infra/bundle/load-bundles.js';
import { loadBundles } from '../src/infra/bundle/load-bundles.js';
import { readBundleFile } from '../src/infra/bundle/bundle-file.reader.js';
import type { SourceDefinition } from '../src/infra/adapters/source-adapter.port.js';
import { DEFAULT_SOURCE_LIMITS } from '../src/infra/adapters/source-adapter.port.js';
import { RECORDS, fmt, provinceFile, seconds } from './bench-support.js';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `dunghan_bench_${process.pid}`;
const SEED = 20260105;
/** With BENCH_SYNC_REUSE=1: the backfilled database kept for the next run. */
const TEMPLATE = process.env.BENCH_SYNC_REUSE === '1' ? `dunghan_bench_sync_${RECORDS}` : null;
/** What one incremental export changes, per kind. */
const CHANGES = { drafts: 4000, tasks: 3000, documents: 2000, weeklySchedules: 1000 };
/** When the changes happened: the next working days after the province-year's export. */
const NEXT_EVENT = '2026-01-05T09:30:00+07:00';
/** "Now" (DUNGHAN_CLOCK) for the backfill's evaluation and each incremental sync: three nights. */
const NIGHTS = {
  backfill: '2026-01-05T01:30:00+07:00',
  first: '2026-01-06T01:30:00+07:00',
  second: '2026-01-07T01:30:00+07:00',
};
const here = dirname(fileURLToPath(import.meta.url));
/** The day off the preview figure adds: a Monday of the province-year with much due around it. */
const PREVIEW_DAY = '2025-12-22';

/** Issue 13's three figures and their references, printed together at the end. */
interface Issue13 {
  engine: { load: number; evaluate: number; obligations: number } | null;
  copy: { seconds: number; cpu: string } | null;
  full: { seconds: number; cpu: string; obligations: number } | null;
  incremental: { seconds: number; cpu: string } | null;
  preview: { seconds: number; cpu: string; moved: number; obligations: number } | null;
}

/**
 * CPU used so far by this process, and by each server process serving the benchmark's database
 * (read from /proc: the server is on this machine). Wall times on a busy machine include waiting
 * for a core; CPU does not, and says which side of the connection did the work.
 */
interface CpuSample {
  node: number;
  /** Seconds per server process id. */
  postgres: Map<string, number>;
}

function cpuSeconds(): CpuSample {
  const usage = process.cpuUsage();
  const postgres = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres:') || !cmdline.includes(` ${DATABASE} `)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      postgres.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, 100 ticks a second
    } catch {
      // the process ended while we looked
    }
  }
  return { node: (usage.user + usage.system) / 1e6, postgres };
}

/** CPU since `start`; a server process that ended in between is not counted (pools keep theirs open). */
function cpuSince(start: CpuSample): string {
  const now = cpuSeconds();
  let postgres = 0;
  for (const [pid, s] of now.postgres) postgres += s - (start.postgres.get(pid) ?? 0);
  return `CPU: node ${fmt(now.node - start.node, 1)} s, postgres ${fmt(postgres, 1)} s`;
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Backfill: the import's path, batch by batch, timed per section
// ---------------------------------------------------------------------------------------------

const SECTIONS = ['units', 'people', 'documents', 'tasks', 'drafts', 'weeklySchedules', 'mailboxes'] as const;

function sectionOf(batch: RecordBatch): (typeof SECTIONS)[number] {
  return SECTIONS.find((s) => batch[s].length > 0) ?? 'units';
}

async function backfill(ctx: TestServices, dataset: Dataset, issues: BundleIssue[], label: string) {
  const runId = await ctx.syncStore.startRun(
    'import',
    'bundle-file',
    `bench:${randomUUID()}`,
    'bench',
    ctx.app.worker,
  );
  if (runId === null) throw new Error('could not start the import run');
  const perSection = new Map<string, { records: number; seconds: number; batches: number }>();
  const start = process.hrtime.bigint();
  // Batches are prepared while the one before commits, so a batch's time is from the commit before
  // its own to its own.
  let last = start;
  const counts = await ctx.sync.importDataset(runId, dataset, label, issues, (batch) => {
    const section = sectionOf(batch);
    const now = process.hrtime.bigint();
    const s = perSection.get(section) ?? { records: 0, seconds: 0, batches: 0 };
    perSection.set(section, {
      records: s.records + batch[section].length,
      seconds: s.seconds + Number(now - last) / 1e9,
      batches: s.batches + 1,
    });
    last = now;
  });
  const totals = {
    records: counts.seen,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
    rejected: counts.rejected,
    batches: counts.batches,
  };
  await ctx.syncStore.finishRun(runId, 'succeeded', null);
  return { seconds: seconds(start), totals, perSection };
}

// ---------------------------------------------------------------------------------------------
// COPY: the same rows, as fast as Postgres loads them
// ---------------------------------------------------------------------------------------------

/** The tables the import writes, with the columns it writes (a mailbox observation's id is generated). */
const RECORD_TABLES: [table: string, columns: string | null][] = [
  ['units', null],
  ['people', null],
  ['documents', null],
  ['tasks', null],
  ['task_deadline_changes', null],
  ['drafts', null],
  ['review_rounds', null],
  ['weekly_schedules', null],
  ['mailbox_observations', 'person_id, address, last_active_at, run_id'],
];

async function copyReference(dir: string) {
  // Its own connection, so COPY's row counts are at hand; autocommit, like each batch's commit.
  const client = new pg.Client({ connectionString: databaseUrl(DATABASE) });
  await client.connect();
  try {
    // The server writes and reads these files itself (it runs on this machine as `postgres`).
    chmodSync(dir, 0o777);
    for (const [table, columns] of RECORD_TABLES) {
      await client.query(`COPY (SELECT ${columns ?? '*'} FROM ${table}) TO '${join(dir, `${table}.tsv`)}'`);
      await client.query(`CREATE TABLE copy_${table} (LIKE ${table} INCLUDING ALL)`);
    }
    await client.query('CHECKPOINT');
    const perTable: { table: string; rows: number; seconds: number }[] = [];
    const cpu = cpuSeconds();
    const start = process.hrtime.bigint();
    for (const [table, columns] of RECORD_TABLES) {
      const t = process.hrtime.bigint();
      const result = await client.query(
        `COPY copy_${table} ${columns ? `(${columns})` : ''} FROM '${join(dir, `${table}.tsv`)}'`,
      );
      perTable.push({ table, rows: result.rowCount ?? 0, seconds: seconds(t) });
    }
    const total = seconds(start);
    const used = cpuSince(cpu);
    for (const [table] of RECORD_TABLES) await client.query(`DROP TABLE copy_${table}`);
    return { seconds: total, perTable, cpu: used };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Incremental: 10,000 changed records, seeded
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so the changed records are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` distinct elements of `items`, drawn by `random` (a partial Fisher–Yates shuffle). */
function sample<T>(items: T[], n: number, random: () => number): T[] {
  const a = [...items];
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

interface ChangeSet {
  documents: string[];
  tasks: string[];
  drafts: string[];
  /** `unitId|week`; a week a unit never published gets its first publication. */
  weeklySchedules: string[];
}

/** Two disjoint seeded selections of records to change: one per incremental sync. */
function chooseChanges(dataset: Dataset, sets: number): ChangeSet[] {
  const random = rng(SEED);
  const documents = [...dataset.documents.values()].filter((d) => d.confidentiality === 'normal');
  const tasks = [...dataset.tasks.values()].filter((t) => t.secret !== true);
  const drafts = [...dataset.drafts.values()].filter((d) => d.secret !== true);
  // Schedules: the (unit, week) pairs of the year that have none first (a publication arrives),
  // then existing ones (a re-publication).
  const weeks = new Set<string>();
  for (const s of dataset.weeklySchedules.values()) weeks.add(s.week);
  const missing: string[] = [];
  for (const unit of dataset.units.keys())
    for (const week of weeks)
      if (!dataset.weeklySchedules.has(`${unit}|${week}`)) missing.push(`${unit}|${week}`);
  const pick = (ids: string[], n: number) => sample(ids, n * sets, random);
  const d = pick(
    documents.map((x) => x.id),
    CHANGES.documents,
  );
  const t = pick(
    tasks.map((x) => x.id),
    CHANGES.tasks,
  );
  const r = pick(
    drafts.map((x) => x.id),
    CHANGES.drafts,
  );
  const w = [
    ...sample(missing, CHANGES.weeklySchedules * sets, random),
    ...sample([...dataset.weeklySchedules.keys()], CHANGES.weeklySchedules * sets, random),
  ].slice(0, CHANGES.weeklySchedules * sets);
  const spread = <T>(all: T[], n: number, i: number) => {
    // Interleave so each set gets its share of both kinds of schedule change.
    const mine = all.filter((_, k) => k % sets === i);
    return mine.slice(0, n);
  };
  return Array.from({ length: sets }, (_, i) => ({
    documents: d.slice(i * CHANGES.documents, (i + 1) * CHANGES.documents),
    tasks: t.slice(i * CHANGES.tasks, (i + 1) * CHANGES.tasks),
    drafts: r.slice(i * CHANGES.drafts, (i + 1) * CHANGES.drafts),
    weeklySchedules: spread(w, CHANGES.weeklySchedules, i),
  }));
}

/** The raw bundle records (as the source wrote them) of the chosen ids. */
async function rawRecords(file: string, sets: ChangeSet[]) {
  const want = {
    document: new Set(sets.flatMap((s) => s.documents)),
    task: new Set(sets.flatMap((s) => s.tasks)),
    draft: new Set(sets.flatMap((s) => s.drafts)),
    weeklySchedule: new Set(sets.flatMap((s) => s.weeklySchedules)),
  };
  const found = {
    documents: new Map<string, DocumentRecord>(),
    tasks: new Map<string, TaskRecord>(),
    drafts: new Map<string, DraftRecord>(),
    weeklySchedules: new Map<string, WeeklyScheduleRecord>(),
  };
  const result = await readBundleFile(file, {
    source: () => undefined,
    tombstone: () => undefined,
    record(kind, value) {
      const v = value as { id?: string; unitId?: string; week?: string };
      if (kind === 'document' && want.document.has(v.id!))
        found.documents.set(v.id!, value as DocumentRecord);
      else if (kind === 'task' && want.task.has(v.id!)) found.tasks.set(v.id!, value as TaskRecord);
      else if (kind === 'draft' && want.draft.has(v.id!)) found.drafts.set(v.id!, value as DraftRecord);
      else if (kind === 'weeklySchedule' && want.weeklySchedule.has(`${v.unitId}|${v.week}`))
        found.weeklySchedules.set(`${v.unitId}|${v.week}`, value as WeeklyScheduleRecord);
    },
  });
  if (result.fatal) throw new Error(`cannot re-read ${file}: ${result.fatal.code}`);
  return found;
}

const plusHours = (instant: string, hours: number) =>
  formatInstant(parseInstant(instant)! + hours * 3_600_000);
const plusDays = (day: string, days: number) => formatDay(parseDay(day)! + days);

/**
 * The changed records of one set: drafts get their next submission or a review round, tasks a
 * deadline extension (one in three still open is cancelled instead), documents a channel or
 * signature correction, schedules a publication (a week that had none) or a re-publication.
 */
function changedItems(set: ChangeSet, raw: Awaited<ReturnType<typeof rawRecords>>): GeneratedItem[] {
  const items: GeneratedItem[] = [];
  set.documents.forEach((id, i) => {
    const d = structuredClone(raw.documents.get(id)!);
    if (d.direction === 'outgoing' && i % 2 === 1) {
      const s = d.signatures ?? { agency: true, signer: true };
      d.signatures = { agency: s.agency, signer: !s.signer };
    } else d.channel = d.channel === 'paper' ? 'electronic' : 'paper';
    items.push({ section: 'documents', record: d });
  });
  set.tasks.forEach((id, i) => {
    const t = structuredClone(raw.tasks.get(id)!);
    if (i % 3 === 0 && t.completedAt === null && t.cancelledAt === null) t.cancelledAt = NEXT_EVENT;
    else {
      const last = t.deadlineChanges.at(-1);
      const current = last?.deadline ?? t.deadline ?? t.assignedAt.slice(0, 10);
      t.deadlineChanges.push({ deadline: plusDays(current, 7), at: plusHours(last?.at ?? t.assignedAt, 24) });
    }
    items.push({ section: 'tasks', record: t });
  });
  for (const id of set.drafts) {
    const d = structuredClone(raw.drafts.get(id)!);
    if (d.submittedToUnitAt === null) d.submittedToUnitAt = NEXT_EVENT;
    else if (d.submittedToLeadershipAt === null) d.submittedToLeadershipAt = NEXT_EVENT;
    else {
      // A review round the document system recorded late, before the draft was issued.
      const from = parseInstant(d.submittedToLeadershipAt)!;
      const to = d.issuedAt === null ? parseInstant(NEXT_EVENT)! : parseInstant(d.issuedAt)!;
      const reviewerId = d.reviewRounds[0]?.reviewerId ?? d.drafterId;
      d.reviewRounds.push({
        at: formatInstant(Math.floor((from + Math.max(from, to)) / 2 / 1000) * 1000),
        reviewerId,
      });
      d.reviewRounds.sort((a, b) => parseInstant(a.at)! - parseInstant(b.at)!);
    }
    items.push({ section: 'drafts', record: d });
  }
  for (const key of set.weeklySchedules) {
    const s = raw.weeklySchedules.get(key);
    if (s !== undefined) {
      items.push({ section: 'weeklySchedules', record: { ...s, publishedAt: plusHours(s.publishedAt, 72) } });
    } else {
      const [unitId, week] = key.split('|');
      const w = parseIsoWeek(week)!;
      const monday = mondayOfIsoWeek(w.year, w.week);
      // Published late, on the Monday of its week at 10:00.
      items.push({
        section: 'weeklySchedules',
        record: {
          unitId,
          week: formatIsoWeek(w),
          publishedAt: formatInstant(startOfLocalDay(monday) + 10 * 3_600_000),
        },
      });
    }
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// The worker as a separate process
// ---------------------------------------------------------------------------------------------

function syncProcess(env: NodeJS.ProcessEnv, rssFile: string) {
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      join(here, 'report-rss.js'),
      join(projectRoot(), 'dist', 'src', 'cli.js'),
      'sync',
      '--source',
      'bench-inbox',
      '--lang',
      'en',
    ],
    { env: { ...env, DUNGHAN_RSS_REPORT: rssFile }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const wall = seconds(start);
  const peak = existsSync(rssFile)
    ? (JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKiB: number }).maxRssKiB
    : NaN;
  return { wall, peakRssMiB: peak / 1024, exit: result.status, stdout: result.stdout.trim() };
}

// ---------------------------------------------------------------------------------------------

/** Steps 2 and 3: the backfill and its evaluation, then the same rows by raw COPY; keeps the template when asked. */
async function backfillAndCopy(
  ctx: TestServices,
  env: NodeJS.ProcessEnv,
  /** Emptied once the records are written: `dunghan import` lets them go before its evaluation too. */
  holder: { loaded: LoadedBundles | null },
  file: string,
  figures: Issue13,
): Promise<TestServices> {
  await ctx.dataSource.query('CHECKPOINT');
  let cpu = cpuSeconds();
  const write = await backfill(ctx, holder.loaded!.dataset, holder.loaded!.issues, file);
  const writeCpu = cpuSince(cpu);
  holder.loaded = null;
  (globalThis as { gc?: () => void }).gc?.();
  const asOf = parseInstant(NIGHTS.backfill)!;
  cpu = cpuSeconds();
  let start = process.hrtime.bigint();
  const full = await ctx.evaluation.evaluate(asOf, 'bench', 'full');
  const evalSeconds = seconds(start);
  const evalCpu = cpuSince(cpu);
  figures.full = { seconds: evalSeconds, cpu: evalCpu, obligations: full.obligations };
  const n = write.totals.records;
  console.log('\nbackfill (import path: SyncService.importDataset, one transaction per batch)');
  console.log(
    `  records                ${fmt(n)} in ${fmt(write.totals.batches)} batches: inserted ${fmt(write.totals.inserted)}, ` +
      `updated ${fmt(write.totals.updated)}, unchanged ${fmt(write.totals.unchanged)}, rejected ${fmt(write.totals.rejected)}`,
  );
  for (const [section, s] of write.perSection) {
    console.log(
      `    ${section.padEnd(20)} ${fmt(s.records).padStart(9)} in ${fmt(s.seconds, 2).padStart(6)} s → ${fmt(s.records / s.seconds)} records/s`,
    );
  }
  console.log(
    `  write                  ${fmt(write.seconds, 2)} s → ${fmt(n / write.seconds)} records/s (${writeCpu})`,
  );
  console.log(
    `  full evaluation        ${fmt(evalSeconds, 2)} s: ${fmt(full.subjects)} subjects, ${fmt(full.obligations)} obligations, ` +
      `${fmt(full.changed)} changed, as of ${formatInstant(asOf)} (${evalCpu})`,
  );
  console.log(
    `    steps                ${Object.entries(full.steps)
      .map(([k, v]) => `${k} ${fmt(v / 1000, 2)} s`)
      .join(', ')}`,
  );
  console.log(
    `  write + evaluation     ${fmt(write.seconds + evalSeconds, 2)} s → ${fmt(n / (write.seconds + evalSeconds))} records/s`,
  );

  // The nightly sync runs a day after the backfill, when autovacuum has long since visited the new
  // tables (hint bits set, statistics gathered). Here it would be at work during what follows
  // (the COPY reference, the incremental sync), so it is done now, and timed on its own.
  start = process.hrtime.bigint();
  await ctx.dataSource.query('VACUUM (ANALYZE)');
  console.log(
    `\nVACUUM (ANALYZE) after the backfill, as autovacuum would before the night: ${fmt(seconds(start), 1)} s`,
  );

  // COPY ----------------------------------------------------------------------------------------
  // Its own folder directly under the temporary directory: the server must be able to reach it.
  const copyDir = await mkdtemp(join(tmpdir(), 'dunghan-bench-copy-'));
  const copy = await copyReference(copyDir).finally(() => rm(copyDir, { recursive: true, force: true }));
  const rows = copy.perTable.reduce((a, t) => a + t.rows, 0);
  figures.copy = { seconds: copy.seconds, cpu: copy.cpu };
  console.log(
    '\nraw COPY of the same rows (server-side COPY FROM file into LIKE … INCLUDING ALL copies: regular logged tables, same keys and indexes)',
  );
  for (const t of copy.perTable) {
    console.log(
      `    ${t.table.padEnd(22)} ${fmt(t.rows).padStart(9)} rows in ${fmt(t.seconds, 2).padStart(6)} s`,
    );
  }
  console.log(
    `  COPY                   ${fmt(copy.seconds, 2)} s, ${fmt(rows)} rows → ${fmt(n / copy.seconds)} records/s, the machine's limit (${copy.cpu})`,
  );
  console.log(
    `  ratio write ÷ COPY     ${fmt(copy.seconds / write.seconds, 2)} (target ≥ 0.3); with the evaluation ${fmt(copy.seconds / (write.seconds + evalSeconds), 2)}`,
  );

  if (TEMPLATE !== null) {
    await ctx.close();
    await admin((c) => c.query(`CREATE DATABASE ${TEMPLATE} TEMPLATE ${DATABASE}`));
    console.log(`kept as ${TEMPLATE} for BENCH_SYNC_REUSE=1`);
    return openServices(env);
  }
  return ctx;
}

let engineLoad = 0;

/**
 * The offline engine's time on the same records, as bench:engine times it: `loadBundles` (timed
 * above) and `evaluate()` alone, after a first run that warms the JIT, as of the backfill's night.
 */
function engineReference(ctx: TestServices, dataset: Dataset): Issue13['engine'] {
  const run = () =>
    evaluate({
      dataset,
      asOf: parseInstant(NIGHTS.backfill)!,
      calendar: buildCalendar(ctx.domain.calendar),
      campaigns: ctx.domain.campaigns,
      officialDomain: ctx.domain.settings.officialDomain,
      trackingStart: ctx.domain.settings.trackingStart,
    });
  run();
  const start = process.hrtime.bigint();
  const obligations = run().obligations.length;
  return { load: engineLoad, evaluate: seconds(start), obligations };
}

function printIssue13(f: Issue13): void {
  const engine =
    f.engine === null
      ? 'n/a'
      : `engine ${fmt(f.engine.load + f.engine.evaluate, 2)} s (loadBundles ${fmt(f.engine.load, 2)} s + evaluate() ${fmt(f.engine.evaluate, 2)} s, ${fmt(f.engine.obligations)} obligations)`;
  const copy =
    f.copy === null ? 'COPY n/a (BENCH_SYNC_REUSE)' : `raw COPY of the records ${fmt(f.copy.seconds, 2)} s`;
  const line = (label: string, figure: { seconds: number; cpu: string } | null, target: string, extra = '') =>
    console.log(
      `  ${label.padEnd(42)} ${figure === null ? 'n/a' : `${fmt(figure.seconds, 2)} s${extra} (${figure.cpu})`}; target ${target}`,
    );
  console.log('\nissue 13 — the service beside the machine and the offline engine, same records');
  console.log(`  references                                 ${copy}; ${engine}`);
  line(
    'full evaluation, start to stored scores',
    f.full,
    '≤ 30 s on the province-year',
    f.full === null ? '' : `, ${fmt(f.full.obligations)} obligations`,
  );
  line('incremental sync of 10,000 changes + evaluation', f.incremental, '≤ 5 s');
  line(
    `preview of one day off (${PREVIEW_DAY})`,
    f.preview,
    '≤ 20 s',
    f.preview === null ? '' : `, ${fmt(f.preview.moved)} of ${fmt(f.preview.obligations)} obligations moved`,
  );
}

async function main(): Promise<void> {
  const file = await provinceFile();
  const work = await mkdtemp(join(tmpdir(), 'dunghan-bench-sync-'));
  const configDir = join(work, 'config');
  const inbox = join(work, 'inbox');
  cpSync(defaultConfigDir(), configDir, { recursive: true });
  await mkdir(inbox, { recursive: true });
  const source: SourceDefinition = {
    name: 'bench-inbox',
    kind: 'bundle-folder',
    cron: '30 1 * * *',
    enabled: true,
    limits: { ...DEFAULT_SOURCE_LIMITS },
    options: { folder: inbox },
  };
  writeFileSync(join(configDir, 'sources.json'), JSON.stringify({ sources: [source] }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    DUNGHAN_CONFIG_DIR: configDir,
    DUNGHAN_DATA_DIR: join(work, 'var'),
    DUNGHAN_CLOCK: NIGHTS.first,
  };

  const reusing =
    TEMPLATE !== null &&
    (await admin(
      async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE])).rowCount === 1,
    ));
  const server = await admin(async (c) => {
    await c.query(`CREATE DATABASE ${DATABASE}${reusing ? ` TEMPLATE ${TEMPLATE}` : ''}`);
    const rows = await c.query<{ v: string; sb: string; sc: string; mw: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb,
              current_setting('synchronous_commit') AS sc, current_setting('max_wal_size') AS mw`,
    );
    return rows.rows[0];
  });
  const load = () =>
    loadavg()
      .map((l) => fmt(l, 2))
      .join(' ');
  console.log(
    `\nbench:sync — ${file}, node ${process.version}, Postgres ${server.v} (shared_buffers ${server.sb}, ` +
      `synchronous_commit ${server.sc}, max_wal_size ${server.mw}), database ${DATABASE}, ` +
      `${cpus().length} cores, load average ${load()}, nights ${Object.values(NIGHTS).join(', ')}\n`,
  );

  let ctx: TestServices | null = null;
  const figures: Issue13 = { engine: null, copy: null, full: null, incremental: null, preview: null };
  try {
    let start = process.hrtime.bigint();
    ctx = await openServices(env);
    console.log(`migrations               ${fmt(seconds(start), 2)} s`);

    start = process.hrtime.bigint();
    let loaded: LoadedBundles | null = await loadBundles([file]);
    const loadSeconds = seconds(start);
    engineLoad = loadSeconds;
    if (loaded.fatal) throw new Error(`cannot load ${file}: ${loaded.fatal.code}`);
    const read = Object.values(loaded.counts.read).reduce((a, b) => a + b, 0);
    console.log(
      `loadBundles              ${fmt(loadSeconds, 2)} s, ${fmt(read)} records (not part of the write figures)`,
    );

    figures.engine = engineReference(ctx, loaded.dataset);
    const sets = chooseChanges(loaded.dataset, 2);
    const holder: { loaded: LoadedBundles | null } = { loaded };
    if (reusing) console.log(`\nbackfill and COPY skipped: the database is a copy of ${TEMPLATE}`);
    loaded = null;
    if (!reusing) ctx = await backfillAndCopy(ctx, env, holder, file, figures);
    holder.loaded = null;

    // Incremental ----------------------------------------------------------------------------------
    // A worker holds no province-year in memory, and neither should the process the incremental sync
    // is measured in: with it, garbage collection scanned ~1.5 GiB of live heap during the sync.
    (globalThis as { gc?: () => void }).gc?.();
    const raw = await rawRecords(file, sets);
    const bundles = [join(inbox, '2026-01-05.bundle.json'), join(inbox, '2026-01-06.bundle.json')];
    const written = [];
    for (const [i, set] of sets.entries()) {
      written.push(
        await writeBundle(bundles[i], changedItems(set, raw), {
          system: 'dunghan-bench',
          exportedAt: `2026-01-0${5 + i}T18:00:00+07:00`,
        }),
      );
    }
    // Only the first file is in the inbox for the in-process sync; the second waits for the worker.
    const waiting = join(work, 'waiting.bundle.json');
    cpSync(bundles[1], waiting);
    await rm(bundles[1]);
    await ctx.dataSource.query('CHECKPOINT');
    const cpu = cpuSeconds();
    start = process.hrtime.bigint();
    const summary = await ctx.sync.run(source, 'bench', `bench:${randomUUID()}`);
    const syncSeconds = seconds(start);
    const syncCpu = cpuSince(cpu);
    if (summary === null) throw new Error('the incremental sync did not run');
    const c = summary.counts;
    const e = summary.evaluation!;
    console.log('\nincremental sync (SyncService.run on a bundle-folder source, in this process)');
    console.log(
      `  changes                ${fmt(written[0].records)} records (${Object.entries(written[0].counts)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ')})`,
    );
    console.log(
      `  counts                 ${c.batches} batches, seen ${fmt(c.seen)}: inserted ${fmt(c.inserted)}, updated ${fmt(c.updated)}, ` +
        `unchanged ${fmt(c.unchanged)}, deleted ${fmt(c.deleted)}, rejected ${fmt(c.rejected)}`,
    );
    console.log(
      `  evaluation             scope ${e.scope}, ${fmt(e.subjects)} subjects, ${fmt(e.obligations)} obligations, ` +
        `${fmt(e.changed)} changed, ${fmt(e.removed)} removed, ${fmt(e.ms / 1000, 2)} s`,
    );
    console.log(
      `    steps                ${Object.entries(e.steps)
        .map(([k, v]) => `${k} ${fmt(v / 1000, 2)} s`)
        .join(', ')}`,
    );
    console.log(
      `  wall time              ${fmt(syncSeconds, 2)} s (sync ${fmt(syncSeconds - e.ms / 1000, 2)} s + evaluation ${fmt(e.ms / 1000, 2)} s; target ≤ 10 s) (${syncCpu})`,
    );
    figures.incremental = { seconds: syncSeconds, cpu: syncCpu };
    const selfRss = process.resourceUsage().maxRSS / 1024;

    // A preview of one day off (issue 13): two full evaluations in a transaction rolled back.
    await ctx.dataSource.query('CHECKPOINT');
    const previewCpu = cpuSeconds();
    start = process.hrtime.bigint();
    const preview = await ctx.nest
      .get(PreviewService)
      .calendarDay(PREVIEW_DAY, { kind: 'off', name: 'bench: one day off' });
    figures.preview = {
      seconds: seconds(start),
      cpu: cpuSince(previewCpu),
      moved: preview.moved.length,
      obligations: preview.obligations,
    };

    await ctx.close();
    ctx = null;

    cpSync(waiting, bundles[1]);
    const worker = syncProcess({ ...env, DUNGHAN_CLOCK: NIGHTS.second }, join(work, 'sync-rss.json'));
    console.log('\n`dunghan sync --source bench-inbox` (a separate process, the next 10,000 changes)');
    console.log(`  output                 ${worker.stdout}`);
    console.log(`  wall time              ${fmt(worker.wall, 2)} s (process start to exit, target ≤ 10 s)`);
    console.log(`  worker's peak RSS      ${fmt(worker.peakRssMiB, 0)} MiB`);
    console.log(`  exit status            ${worker.exit}`);
    console.log(
      `\nthis process's peak RSS  ${fmt(selfRss, 0)} MiB (held the loaded province-year: not a worker's figure)`,
    );
    console.log(`load average at the end  ${load()}`);
    printIssue13(figures);
  } finally {
    await ctx?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
    await rm(work, { recursive: true, force: true });
  }
}

await main();
