/**
 * `npm run bench:engine` — the domain core on a province-year (issue 2).
 *
 * 1. Makes (once; cached under bench/out/) the seeded 1,000,000-record province-year.
 * 2. Reading: the file read raw (the machine's limit for this file) against the streaming reader
 *    with validation and merging, in MB/s and records/s, and their ratio.
 * 3. Evaluation: obligations per second of `evaluate()` on one core, and of scoring.
 * 4. `dunghan evaluate` as a user runs it on that file: wall time and peak RSS of the process.
 *
 * Prints figures; asserts nothing. Run it on an idle machine.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDomainConfig } from '../src/config/domain-config.loader.js';
import { defaultConfigDir, projectRoot } from '../src/config/project-root.js';
import { buildCalendar } from '../src/domain/calendar/working-calendar.js';
import { evaluate } from '../src/domain/evaluate.js';
import { computeScores } from '../src/domain/scoring/score.js';
import { validateRecord } from '../src/domain/bundle/record-validator.js';
import type { RecordKind } from '../src/domain/model.js';
import { parseInstant } from '../src/domain/time.js';
import { loadBundles } from '../src/infra/bundle/load-bundles.js';
import { fmt, mb, provinceFile, seconds } from './bench-support.js';

const AS_OF = '2025-12-31T17:00:00+07:00';
const here = dirname(fileURLToPath(import.meta.url));

const KIND_OF_ARRAY: Record<string, RecordKind> = {
  units: 'unit',
  people: 'person',
  documents: 'document',
  tasks: 'task',
  drafts: 'draft',
  weeklySchedules: 'weeklySchedule',
  mailboxes: 'mailbox',
};

/**
 * V8's own limit on these bytes: the generator writes one record per line, so splitting lines and
 * calling JSON.parse on each is the fastest any JSON reader in this process could go. With
 * `validate`, each record also goes through the validator, so the difference is validation alone.
 */
async function lineByLine(file: string, validate: boolean): Promise<{ seconds: number; records: number }> {
  const start = process.hrtime.bigint();
  let records = 0;
  let rest = '';
  let kind: RecordKind | null = null;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.charCodeAt(0) === 34 /* " */) {
        kind = KIND_OF_ARRAY[line.slice(1, line.indexOf('"', 1))] ?? null;
        continue;
      }
      if (kind === null || line.charCodeAt(0) !== 123 /* { */) continue;
      const raw: unknown = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
      if (validate) validateRecord(kind, raw, file, records);
      records++;
    }
  }
  return { seconds: seconds(start), records };
}

async function rawRead(file: string): Promise<number> {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    bytes += (chunk as Buffer).length;
  return bytes / seconds(start);
}

function evaluateProcess(file: string): { wall: number; peakRssMiB: number; exit: number | null } {
  const rssFile = join(projectRoot(), 'bench', 'out', 'evaluate-rss.json');
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      join(here, 'report-rss.js'),
      join(projectRoot(), 'dist', 'src', 'cli.js'),
      'evaluate',
      '--bundle',
      file,
      '--as-of',
      AS_OF,
    ],
    { env: { ...process.env, DUNGHAN_RSS_REPORT: rssFile }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const wall = seconds(start);
  const peak = existsSync(rssFile)
    ? (JSON.parse(spawnSync('cat', [rssFile], { encoding: 'utf8' }).stdout) as { maxRssKiB: number })
        .maxRssKiB
    : NaN;
  return { wall, peakRssMiB: peak / 1024, exit: result.status };
}

async function main(): Promise<void> {
  const file = await provinceFile();
  const size = statSync(file).size;
  console.log(
    `\nbench:engine — ${file} (${fmt(mb(size), 1)} MiB), as of ${AS_OF}, node ${process.version}\n`,
  );

  const rawBps = await rawRead(file);
  const parsed = await lineByLine(file, false);
  const validated = await lineByLine(file, true);
  let start = process.hrtime.bigint();
  const loaded = await loadBundles([file]);
  const loadSeconds = seconds(start);
  if (loaded.fatal) throw new Error(`cannot load ${file}: ${loaded.fatal.code}`);
  const records = Object.values(loaded.counts.read).reduce((a, b) => a + b, 0);
  console.log('reading (stream + validate + merge)');
  console.log(`  raw file read         ${fmt(mb(rawBps), 0)} MiB/s (page cache)`);
  console.log(
    `  JSON.parse per line   ${fmt(mb(size / parsed.seconds), 0)} MiB/s, ${fmt(parsed.records / parsed.seconds)} records/s (V8's limit on these bytes)`,
  );
  console.log(
    `  validation alone      ${fmt(validated.records / (validated.seconds - parsed.seconds))} records/s (parse + validate, less parse)`,
  );
  console.log(
    `  read + validate       ${fmt(mb(size / loadSeconds), 0)} MiB/s, ${fmt(records / loadSeconds)} records/s, ${fmt(loadSeconds, 2)} s`,
  );
  console.log(`  ratio to JSON.parse   ${fmt(parsed.seconds / loadSeconds, 2)}`);
  console.log(
    `  records ${fmt(records)}, rejected ${fmt(loaded.counts.rejected)}, issues ${fmt(loaded.issues.length)}`,
  );

  const config = loadDomainConfig(defaultConfigDir());
  const asOf = parseInstant(AS_OF)!;
  // Warm the JIT on a first pass, then time the second: steady-state throughput.
  const run = () =>
    evaluate({
      dataset: loaded.dataset,
      asOf,
      calendar: buildCalendar(config.calendar),
      campaigns: config.campaigns,
      officialDomain: config.settings.officialDomain,
      trackingStart: config.settings.trackingStart,
    });
  run();
  start = process.hrtime.bigint();
  const evaluation = run();
  const evalSeconds = seconds(start);
  const n = evaluation.obligations.length;
  start = process.hrtime.bigint();
  const scores = computeScores(evaluation.obligations, config.campaigns, loaded.dataset.people.values());
  const scoreSeconds = seconds(start);
  console.log('\nevaluation (one core)');
  console.log(`  obligations         ${fmt(n)}`);
  console.log(
    `  evaluate()          ${fmt(evalSeconds, 2)} s → ${fmt(n / evalSeconds)} obligations/s (target ≥ 500,000)`,
  );
  console.log(
    `  computeScores()     ${fmt(scoreSeconds, 2)} s → ${fmt(n / scoreSeconds)} obligations/s, ${fmt(scores.length)} score entries`,
  );

  const cli = evaluateProcess(file);
  console.log('\n`dunghan evaluate --format json` on the file (a separate process, output discarded)');
  console.log(`  wall time           ${fmt(cli.wall, 1)} s (target < 30 s)`);
  console.log(`  peak RSS            ${fmt(cli.peakRssMiB, 0)} MiB (target < 2,048 MiB)`);
  console.log(`  exit status         ${cli.exit}`);
}

await main();
