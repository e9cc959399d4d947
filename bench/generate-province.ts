/**
 * Writes a synthetic province-year bundle for the benchmarks (and, with smaller flags, the
 * committed sample; the command is at the top of src/demo/agency-generator.ts).
 *
 *   node dist/bench/generate-province.js [--out FILE] [--records N] [--seed S] [--units U]
 *        [--people P] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--domain D] [--agency NAME] [--system NAME]
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BUNDLE_SECTIONS,
  DEFAULT_AGENCY_NAME,
  DEFAULT_OFFICIAL_DOMAIN,
  exportInstantOf,
  generateAgency,
} from '../src/demo/agency-generator.js';
import { writeBundle } from '../src/demo/bundle-writer.js';

const USAGE = `usage: node dist/bench/generate-province.js [--out FILE] [--records N] [--seed S] [--units U]
       [--people P] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--domain D] [--agency NAME] [--system NAME]`;

class UsageError extends Error {}

function integer(name: string, text: string): number {
  if (!/^\d+$/.test(text.replace(/_/g, '')))
    throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text.replace(/_/g, ''));
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: 'bench/out/province-2025.bundle.json' },
      records: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '20250101' },
      units: { type: 'string', default: '240' },
      people: { type: 'string', default: '6000' },
      from: { type: 'string', default: '2025-01-01' },
      to: { type: 'string', default: '2025-12-31' },
      domain: { type: 'string', default: DEFAULT_OFFICIAL_DOMAIN },
      agency: { type: 'string', default: DEFAULT_AGENCY_NAME },
      system: { type: 'string', default: 'dunghan-demo' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  // A numeric seed stays a number so `--seed 7` and `seed: 7` in code give the same bundle.
  const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const options = {
    seed,
    units: integer('units', values.units),
    people: integer('people', values.people),
    targetRecords: integer('records', values.records),
    from: values.from,
    to: values.to,
    officialDomain: values.domain,
    agencyName: values.agency,
  };

  const started = process.hrtime.bigint();
  await mkdir(dirname(values.out), { recursive: true });
  const summary = await writeBundle(values.out, generateAgency(options), {
    system: values.system,
    exportedAt: exportInstantOf(values.to),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [`wrote ${values.out}`];
  for (const section of BUNDLE_SECTIONS)
    lines.push(`  ${section.padEnd(16)}${n(summary.counts[section]).padStart(12)}`);
  lines.push(
    `  ${'total'.padEnd(16)}${n(summary.records).padStart(12)}  (target ${n(options.targetRecords)})`,
  );
  lines.push(
    `  ${'bytes'.padEnd(16)}${n(summary.bytes).padStart(12)}  (${(summary.bytes / 1048576).toFixed(1)} MiB)`,
  );
  lines.push(`  ${'seconds'.padEnd(16)}${seconds.toFixed(1).padStart(12)}`);
  lines.push(
    `  ${'peak RSS'.padEnd(16)}${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(12)}  MiB`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    // A person's mistake (bad flag, bad date) gets a message, not a stack trace.
    if (
      err instanceof UsageError ||
      err instanceof RangeError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
