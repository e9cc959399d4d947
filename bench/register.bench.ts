/**
 * Peak memory of reading a large register (issue 11, finding 5): a 1,000,000-row × 12-cell XLSX
 * (about 30 MB) read the way the adapter used to (the whole workbook loaded with exceljs) and the
 * way it does now (streamed, in batches), each in its own process so each peak RSS is its own;
 * and a zip bomb (under 2 MB expanding to 450 MB) refused from its directory.
 *
 *   npm run build && node dist/bench/register.bench.js [rows]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { RegisterAdapter } from '../src/infra/adapters/register/register.adapter.js';
import type { SourceLimits } from '../src/infra/adapters/source-adapter.port.js';

const HEADER = [
  'Số đến',
  'Ngày, tháng, năm đến',
  'Tên cơ quan, tổ chức ban hành văn bản',
  'Số của văn bản',
  'Ký hiệu của văn bản',
  'Ngày, tháng, năm văn bản',
  'Tên loại văn bản',
  'Trích yếu nội dung',
  'Mức độ khẩn, độ mật',
  'Đơn vị hoặc người nhận',
  'Thời hạn giải quyết',
  'Ghi chú',
];
const ORGANS = ['UBND tỉnh', 'Bộ Nội vụ', 'Sở Tài chính', 'Sở Y tế', 'Sở Xây dựng'];
const SUBJECTS = Array.from({ length: 200 }, (_, i) => `V/v triển khai nhiệm vụ số ${i + 1} năm 2025`);

async function generate(path: string, rows: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = writer.addWorksheet('Sổ đến');
  sheet.addRow(HEADER).commit();
  for (let n = 1; n <= rows; n++) {
    const date = new Date(Date.UTC(2025, (n >> 5) % 12, (n % 28) + 1));
    sheet
      .addRow([
        n,
        date,
        ORGANS[n % ORGANS.length],
        n % 997,
        'UBND-VP',
        date,
        'Công văn',
        SUBJECTS[n % SUBJECTS.length],
        n % 50 === 0 ? 'Khẩn' : '',
        'Văn phòng',
        date,
        '',
      ])
      .commit();
  }
  sheet.commit();
  await writer.commit();
}

/** A workbook-shaped zip whose sheet expands to `bytes` of spaces, streamed so the bench never holds it. */
async function bomb(path: string, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  let crc = 0;
  for (let written = 0; written < bytes; written += chunk.length) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise<void>((r) => deflate.end(r));
  const data = Buffer.concat(parts);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(bytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(bytes, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  const out = createWriteStream(path);
  for (const b of [local, name, data, central, name, end]) out.write(b);
  await new Promise<void>((r) => out.end(r));
}

/** The former reader: the whole workbook loaded, every row copied into a table. */
async function readBefore(path: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  let rows = 0;
  for (const sheet of workbook.worksheets) {
    const table: unknown[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: unknown[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).value);
      table.push(cells);
    });
    rows += table.length;
  }
  return rows;
}

/** The adapter as it reads now: streamed, 5,000 rows a batch, each batch dropped once handed over. */
async function readAfter(
  folder: string,
  limits: Partial<SourceLimits>,
): Promise<{ batches: number; records: number; issues: string[] }> {
  const adapter = new RegisterAdapter({ folder, unitMap: { 'Văn phòng': 'VP' } }, limits);
  let batches = 0;
  let records = 0;
  const issues: string[] = [];
  for await (const batch of adapter.pull(null)) {
    batches++;
    records += batch.part.documents?.length ?? 0;
    issues.push(...batch.issues.filter((i) => i.record === null).map((i) => i.reasonEn));
  }
  return { batches, records, issues };
}

/** Limits raised so the 1,000,000-row file is read (the defaults refuse it: 200,000 rows, 256 MB expanded). */
const BENCH_LIMITS = {
  maxRecordsPerFile: 2_000_000,
  maxExpandedBytes: 1024 * 1024 * 1024,
  maxFileBytes: 256 * 1024 * 1024,
};

async function child(mode: string, target: string, rows: number): Promise<void> {
  const started = Date.now();
  let result: Record<string, unknown>;
  if (mode === 'generate') {
    await generate(target, rows);
    result = { rows, megabytes: Number(((await stat(target)).size / 1024 / 1024).toFixed(1)) };
  } else if (mode === 'bomb') {
    await bomb(target, 450 * 1024 * 1024);
    result = { megabytes: Number(((await stat(target)).size / 1024 / 1024).toFixed(2)), expandsToMiB: 450 };
  } else if (mode === 'before') {
    result = { rows: await readBefore(target) };
  } else {
    result = await readAfter(target, mode === 'after-defaults' ? {} : BENCH_LIMITS);
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      mode,
      target: target.split('/').slice(-1)[0],
      seconds,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      ...result,
    }) + '\n',
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child')
    return child(process.argv[3], process.argv[4], Number(process.argv[5] ?? 0));
  const rows = Number(process.argv[2] ?? 1_000_000);
  const smaller = Math.round(rows / 4);
  const dir = await mkdtemp(join(tmpdir(), 'dunghan-register-bench-'));
  // Every step in its own process, started from this small one: a child's peak RSS is its own.
  const self = fileURLToPath(import.meta.url);
  const run = (mode: string, target: string, n = 0) => {
    try {
      return execFileSync(
        process.execPath,
        ['--max-old-space-size=6144', self, '--child', mode, target, String(n)],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ).trim();
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '');
      const reason =
        stderr.split('\n').find((l) => /Error|heap/i.test(l)) ?? (error as Error).message.split('\n')[0];
      return `{"mode":"${mode}","target":"${target.split('/').slice(-1)[0]}","failed":${JSON.stringify(reason.trim())}}`;
    }
  };
  try {
    for (const [folder, n] of [
      ['big', rows],
      ['smaller', smaller],
    ] as const) {
      await mkdir(join(dir, folder));
      console.log(run('generate', join(dir, folder, `so-den-${n}.xlsx`), n));
    }
    await mkdir(join(dir, 'bomb'));
    console.log(run('bomb', join(dir, 'bomb', 'bom.xlsx')));
    console.log(run('after-defaults', join(dir, 'bomb')));
    console.log(run('after-defaults', join(dir, 'big')));
    console.log(run('after', join(dir, 'big')));
    console.log(run('after', join(dir, 'smaller')));
    console.log(run('before', join(dir, 'smaller', `so-den-${smaller}.xlsx`)));
    console.log(run('before', join(dir, 'big', `so-den-${rows}.xlsx`)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
