/** What the benchmarks share: the cached province-year file and how figures are printed. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { projectRoot } from '../src/config/project-root.js';
import { exportInstantOf, generateAgency } from '../src/demo/agency-generator.js';
import { writeBundle } from '../src/demo/bundle-writer.js';

/** Records in the generated province-year (BENCH_RECORDS runs it small). */
export const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);

export const mb = (bytes: number) => bytes / 1_048_576;
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** The seeded province-year (240 units, 6,000 people), generated once and cached under bench/out/. */
export async function provinceFile(): Promise<string> {
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
