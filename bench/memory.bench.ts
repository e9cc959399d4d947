/**
 * `npm run bench:memory`: a worker's memory on the hostile inputs of issue 11 (finding 5), each
 * synced by a process of its own — `dunghan sync --source <case>`, the same SyncService a worker
 * runs, against a real Postgres (a fresh database `dunghan_bench_memory_<pid>`, dropped at the end).
 * Prints each process's peak RSS beside the limit (1 GiB) and beside two baselines measured in the
 * same run: a bare `node -e` and a sync of an empty folder (the product's own floor).
 *
 * The inputs (cached under bench/out/memory/, about 850 MB; BENCH_MEMORY_REGENERATE=1 writes
 * them again):
 * - a 30 MB XLSX incoming register of 1,000,000 rows × 12 cells;
 * - an edXML message with a 250 MB attribute;
 * - an XLSX zip bomb: 1.9 MB that expands to 450 MB;
 * - a 300 MB CSV incoming register;
 * - a bundle whose one document has a 200 MB subject (over the default maxFileBytes, and again with
 *   maxFileBytes raised to 1 GiB, so the reader's text bound is what holds).
 *
 * The peak is VmHWM from /proc, read every 20 ms while the process runs. A process whose RSS passes
 * BENCH_MEMORY_KILL_MIB (default 2048) is killed so the benchmark cannot take the machine down; its
 * line says so. What each run ended as (succeeded, failed, the rejection naming the file) is read
 * from the database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cp, link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { defaultConfigDir, projectRoot } from '../src/config/project-root.js';
import { ADMIN_URL, databaseUrl, fmt, mb, sql } from './bench-support.js';
import { ZipWriter } from './support/zip-writer.js';

const DATABASE = `dunghan_bench_memory_${process.pid}`;
const LIMIT_MIB = 1024;
const KILL_MIB = Number(process.env.BENCH_MEMORY_KILL_MIB ?? 2048);
const TIMEOUT_S = Number(process.env.BENCH_MEMORY_TIMEOUT_S ?? 900);
const CLOCK = '2025-03-20T17:00:00+07:00';
const OUT = join(projectRoot(), 'bench', 'out', 'memory');
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
const OWN_ORGAN = '000.00.12.H99';

// ---------------------------------------------------------------- the hostile inputs

const INCOMING_HEADERS = [
  'Ngày đến',
  'Số đến',
  'Tác giả',
  'Số, ký hiệu',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận',
  'Ký nhận',
  'Ghi chú',
  'Độ mật',
  'Độ khẩn',
  'Thời hạn giải quyết',
];

function incomingRow(n: number): string[] {
  const day = String((n % 28) + 1).padStart(2, '0');
  return [
    `${day}/03/2025 08:05`,
    String(n),
    'UBND tỉnh',
    `${n}/UBND-KGVX`,
    `${day}/03/2025`,
    `Công văn về việc triển khai kế hoạch số ${n}`,
    'Văn phòng',
    '',
    '',
    '',
    '',
    '',
  ];
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rowXml(cells: string[], r: number): string {
  return `<row r="${r}">${cells.map((c) => `<c t="inlineStr"><is><t>${xmlEscape(c)}</t></is></c>`).join('')}</row>`;
}

/** An XLSX whose one sheet is `rows` (inline strings), deflated at `level`. */
async function writeXlsx(path: string, rows: () => Generator<string>, level: number): Promise<void> {
  const zip = new ZipWriter(path, level);
  await zip.add('[Content_Types].xml', [
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
  ]);
  await zip.add('_rels/.rels', [
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
  ]);
  await zip.add('xl/workbook.xml', [
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
      '<sheet name="Sổ đến" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ]);
  await zip.add('xl/_rels/workbook.xml.rels', [
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '</Relationships>',
  ]);
  await zip.add('xl/worksheets/sheet1.xml', rows());
  await zip.close();
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';

/** Yields text in pieces of about 1 MB. */
function* chunked(parts: () => Generator<string>): Generator<string> {
  let buffer: string[] = [];
  let size = 0;
  for (const p of parts()) {
    buffer.push(p);
    size += p.length;
    if (size >= 1 << 20) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

async function writeText(path: string, parts: () => Generator<string>): Promise<void> {
  await pipeline(Readable.from(chunked(parts)), createWriteStream(path));
}

interface Case {
  name: string;
  what: string;
  kind: 'bundle-folder' | 'edxml' | 'register';
  file: string;
  options?: Record<string, unknown>;
  /** The source's `limits` in sources.json, when not the defaults. */
  limits?: Record<string, number>;
  make(path: string): Promise<void>;
}

const CASES: Case[] = [
  {
    name: 'xlsx-1m-rows',
    what: 'XLSX register, 1,000,000 rows × 12 cells',
    kind: 'register',
    file: 'so-den-1m.xlsx',
    make: (path) =>
      writeXlsx(
        path,
        () =>
          chunked(function* () {
            yield SHEET_HEAD + rowXml(INCOMING_HEADERS, 1);
            for (let n = 1; n <= 1_000_000; n++) yield rowXml(incomingRow(n), n + 1);
            yield SHEET_TAIL;
          }),
        1,
      ),
  },
  {
    name: 'edxml-250mb-attribute',
    what: 'edXML message, one 250 MB attribute',
    kind: 'edxml',
    file: 'attribute-250mb.edxml',
    options: { ownOrganId: OWN_ORGAN },
    make: async (path) => {
      const sample = readFileSync(
        join(projectRoot(), 'test', 'fixtures', 'edxml', '20250310-0805-incoming-new.edxml'),
        'utf8',
      );
      const at = sample.indexOf('<edXML:edXMLEnvelope ') + '<edXML:edXMLEnvelope '.length;
      await writeText(path, function* () {
        yield sample.slice(0, at) + 'note="';
        const piece = 'A'.repeat(1 << 20);
        for (let i = 0; i < 250; i++) yield piece;
        yield '" ' + sample.slice(at);
      });
    },
  },
  {
    name: 'xlsx-zip-bomb',
    what: 'XLSX zip bomb, 1.9 MB → 450 MB',
    kind: 'register',
    file: 'bomb.xlsx',
    make: (path) =>
      writeXlsx(
        path,
        () =>
          chunked(function* () {
            yield SHEET_HEAD + rowXml(INCOMING_HEADERS, 1);
            const row = rowXml(incomingRow(7), 2);
            const rows = Math.ceil((450 * 1_048_576) / row.length);
            for (let n = 0; n < rows; n++) yield row;
            yield SHEET_TAIL;
          }),
        9,
      ),
  },
  {
    name: 'csv-300mb',
    what: 'CSV register, 300 MB',
    kind: 'register',
    file: 'so-den-300mb.csv',
    make: (path) =>
      writeText(path, function* () {
        yield INCOMING_HEADERS.map((h) => `"${h}"`).join(',') + '\n';
        let bytes = 0;
        for (let n = 1; bytes < 300 * 1_048_576; n++) {
          const line = incomingRow(n).join(',') + '\n';
          bytes += Buffer.byteLength(line);
          yield line;
        }
      }),
  },
  {
    name: 'bundle-200mb-subject',
    what: 'bundle, a document with a 200 MB subject',
    kind: 'bundle-folder',
    file: 'subject-200mb.json',
    make: (path) =>
      writeText(path, function* () {
        yield (
          '{"format":"dunghan.bundle.v1","source":{"system":"bench","exportedAt":"2025-03-10T18:00:00+07:00"},' +
          '"units":[{"id":"VP","name":"Văn phòng"}],"documents":[{"id":"big","direction":"incoming",' +
          '"confidentiality":"normal","date":"2025-03-07","channel":"electronic","subject":"'
        );
        // 13 bytes of UTF-8 each: 1 MiB a piece.
        const piece = 'Kế hoạch '.repeat(80_660);
        for (let i = 0; i < 200; i++) yield piece;
        yield '"},{"id":"small","direction":"incoming","confidentiality":"normal","date":"2025-03-07","channel":"electronic"}]}';
      }),
  },
];
// The same bundle with maxFileBytes raised past it: then the reader's text bound is what holds.
CASES.push({
  ...CASES[CASES.length - 1],
  name: 'bundle-200mb-subject-1gib-files',
  what: 'the same, with maxFileBytes = 1 GiB',
  limits: { maxFileBytes: 1 << 30 },
});

// ---------------------------------------------------------------- measuring a process

interface Measured {
  peakMiB: number;
  seconds: number;
  code: number | null;
  signal: string | null;
  killed: 'memory' | 'time' | null;
  stderr: string;
}

function vmHwmKiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function measure(args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  let peak = 0;
  let killed: Measured['killed'] = null;
  const poll = setInterval(() => {
    peak = Math.max(peak, vmHwmKiB(child.pid!));
    if (killed === null && peak / 1024 > KILL_MIB) {
      killed = 'memory';
      child.kill('SIGKILL');
    } else if (killed === null && (performance.now() - started) / 1000 > TIMEOUT_S) {
      killed = 'time';
      child.kill('SIGKILL');
    }
  }, 20);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearInterval(poll);
  return {
    peakMiB: peak / 1024,
    seconds: (performance.now() - started) / 1000,
    code,
    signal,
    killed,
    stderr,
  };
}

// ---------------------------------------------------------------- the run

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const made = new Set<string>();
  for (const c of CASES) {
    const path = join(OUT, c.file);
    if (made.has(c.file) || (existsSync(path) && process.env.BENCH_MEMORY_REGENERATE !== '1')) continue;
    made.add(c.file);
    const t = performance.now();
    await c.make(path);
    console.log(
      `wrote ${c.file}: ${fmt(mb(statSync(path).size), 1)} MiB in ${fmt((performance.now() - t) / 1000, 1)} s`,
    );
  }

  const work = await mkdtemp(join(tmpdir(), 'dunghan-bench-memory-'));
  const configDir = join(work, 'config');
  await cp(defaultConfigDir(), configDir, { recursive: true });
  const sources: Record<string, unknown>[] = [
    { name: 'empty', kind: 'bundle-folder', options: { folder: join(work, 'empty') } },
  ];
  await mkdir(join(work, 'empty'));
  for (const c of CASES) {
    const folder = join(work, c.name);
    await mkdir(folder);
    // A link, not a copy: the bundle folder moves its file away, the cache keeps its own.
    await link(join(OUT, c.file), join(folder, c.file));
    sources.push({
      name: c.name,
      kind: c.kind,
      options: { folder, ...c.options },
      ...(c.limits ? { limits: c.limits } : {}),
    });
  }
  writeFileSync(join(configDir, 'sources.json'), JSON.stringify({ sources }, null, 2));
  await sql(ADMIN_URL, `CREATE DATABASE ${DATABASE}`);
  const url = databaseUrl(DATABASE);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: url,
    DUNGHAN_CONFIG_DIR: configDir,
    DUNGHAN_DATA_DIR: join(work, 'var'),
    DUNGHAN_CLOCK: CLOCK,
    DUNGHAN_WORKER_NAME: 'bench-memory',
  };
  try {
    const bare = await measure(['-e', 'setTimeout(() => {}, 500)'], env);
    // Also migrates the fresh database, so no case pays for that.
    const empty = await measure([cli, 'sync', '--source', 'empty', '--lang', 'en'], env);
    console.log(
      `\npeak RSS of one sync process per input (limit ${fmt(LIMIT_MIB)} MiB; killed above ${fmt(KILL_MIB)} MiB)`,
    );
    console.log(
      '  input                                         file MiB   peak RSS   of limit   × bare   time     outcome',
    );
    const line = (what: string, size: number | null, m: Measured, outcome: string) =>
      console.log(
        `  ${what.padEnd(44)} ${(size === null ? '' : fmt(mb(size), 1)).padStart(8)} ${fmt(m.peakMiB).padStart(6)} MiB ${`${fmt((100 * m.peakMiB) / LIMIT_MIB)} %`.padStart(9)} ${fmt(m.peakMiB / bare.peakMiB, 1).padStart(7)}  ${fmt(m.seconds, 1).padStart(6)} s  ${outcome}`,
      );
    line('bare `node -e` (baseline)', null, bare, `exit ${bare.code}`);
    line('sync of an empty folder (baseline)', null, empty, `exit ${empty.code}`);
    for (const c of CASES) {
      const m = await measure([cli, 'sync', '--source', c.name, '--lang', 'en'], env);
      const [run] = await sql<{
        id: string;
        status: string;
        seen: number;
        rejected: number;
        error: string | null;
      }>(
        url,
        `SELECT id::text, status, seen, rejected, error FROM sync_runs WHERE source = $1 ORDER BY id DESC LIMIT 1`,
        [c.name],
      );
      const [rejection] = run
        ? await sql<{ message_en: string }>(
            url,
            'SELECT message_en FROM sync_rejections WHERE run_id = $1 ORDER BY id LIMIT 1',
            [run.id],
          )
        : [];
      const ended =
        m.killed === 'memory'
          ? `KILLED above ${fmt(KILL_MIB)} MiB`
          : m.killed === 'time'
            ? `KILLED after ${TIMEOUT_S} s`
            : m.signal !== null
              ? `died (${m.signal})`
              : `exit ${m.code}`;
      const stored = run
        ? `run ${run.status}, ${fmt(run.seen)} seen, ${fmt(run.rejected)} rejected${run.error ? `, error: ${run.error.slice(0, 120)}` : ''}`
        : 'no run recorded';
      const heap = /Reached heap limit|JavaScript heap out of memory/.test(m.stderr)
        ? ', heap out of memory'
        : '';
      line(c.what, statSync(join(OUT, c.file)).size, m, `${ended}${heap}; ${stored}`);
      if (rejection) console.log(`      ${rejection.message_en.slice(0, 220)}`);
    }
  } finally {
    await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
