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
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDomainConfig } from '../src/config/domain-config.loader.js';
import { defaultConfigDir, projectRoot } from '../src/config/project-root.js';
import { exportInstantOf, generateAgency } from '../src/demo/agency-generator.js';
import { writeBundle } from '../src/demo/bundle-writer.js';
import { buildCalendar } from '../src/domain/calendar/working-calendar.js';
import { evaluate } from '../src/domain/evaluate.js';
import { computeScores } from '../src/domain/scoring/score.js';
import { parseInstant } from '../src/domain/time.js';
import { loadBundles } from '../src/infra/bundle/load-bundles.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const AS_OF = '2025-12-31T17:00:00+07:00';
const here = dirname(fileURLToPath(import.meta.url));

const mb = (bytes: number) => bytes / 1_048_576;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function provinceFile(): Promise<string> {
  const file = join(projectRoot(), 'bench', 'out', `province-2025-${RECORDS}.bundle.json`);
  if (existsSync(file)) return file;
  await mkdir(dirname(file), { recursive: true });
  const start = process.hrtime.bigint();
  const summary = await writeBundle(
    file,
    generateAgency({
      seed: 20250101,
      units: 240,
      people: 6000,
      targetRecords: RECORDS,
      from: '2025-01-01',
      to: '2025-12-31',
    }),
    { system: 'dunghan-bench', exportedAt: exportInstantOf('2025-12-31') },
  );
  console.log(
    `generated ${fmt(summary.records)} records, ${fmt(mb(summary.bytes), 1)} MiB in ${fmt(seconds(start), 1)} s → ${file}`,
  );
  return file;
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
  let start = process.hrtime.bigint();
  const loaded = await loadBundles([file]);
  const loadSeconds = seconds(start);
  if (loaded.fatal) throw new Error(`cannot load ${file}: ${loaded.fatal.code}`);
  const records = Object.values(loaded.counts.read).reduce((a, b) => a + b, 0);
  console.log('reading (stream + validate + merge)');
  console.log(`  raw file read       ${fmt(mb(rawBps), 0)} MiB/s   (the machine's limit for this file)`);
  console.log(
    `  read + validate     ${fmt(mb(size / loadSeconds), 0)} MiB/s, ${fmt(records / loadSeconds)} records/s, ${fmt(loadSeconds, 2)} s`,
  );
  console.log(`  ratio to raw read   ${fmt(size / loadSeconds / rawBps, 3)}`);
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
