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
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { RegisterAdapter } from '../src/infra/adapters/register/register.adapter.js';

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

async function generate(path: string, rows: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = writer.addWorksheet('Sổ đến');
  sheet.addRow(HEADER).commit();
  const year = 2025;
  for (let n = 1; n <= rows; n++) {
    const day = (n % 28) + 1;
    const month = ((n >> 5) % 12) + 1;
    const date = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
    sheet
      .addRow([
        n,
        date,
        ORGANS[n % ORGANS.length],
        String(n % 997),
        'UBND-VP',
        date,
        'Công văn',
        `V/v số ${n}`,
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
  maxRecordsPerFile: number,
): Promise<{ batches: number; records: number; issues: string[] }> {
  const adapter = new RegisterAdapter({ folder, unitMap: { 'Văn phòng': 'VP' } }, { maxRecordsPerFile });
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

async function child(mode: string, path: string): Promise<void> {
  const started = Date.now();
  const result =
    mode === 'before'
      ? { rows: await readBefore(path) }
      : await readAfter(path, Number(process.argv[5] ?? 2_000_000));
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      mode,
      seconds,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      ...result,
    }) + '\n',
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4]);
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = await mkdtemp(join(tmpdir(), 'dunghan-register-bench-'));
  try {
    const big = join(dir, 'big');
    const bombDir = join(dir, 'bomb');
    await Promise.all([
      import('node:fs/promises').then((fs) => fs.mkdir(big)),
      import('node:fs/promises').then((fs) => fs.mkdir(bombDir)),
    ]);
    const file = join(big, 'so-den-2025.xlsx');
    let t = Date.now();
    await generate(file, rows);
    const size = (await stat(file)).size;
    console.log(
      `generated ${rows} rows × 12 cells: ${(size / 1024 / 1024).toFixed(1)} MB in ${(Date.now() - t) / 1000} s`,
    );
    t = Date.now();
    await bomb(join(bombDir, 'bom.xlsx'), 450 * 1024 * 1024);
    console.log(
      `zip bomb: ${((await stat(join(bombDir, 'bom.xlsx'))).size / 1024 / 1024).toFixed(2)} MB expanding to 450 MB (${(Date.now() - t) / 1000} s)`,
    );
    const self = fileURLToPath(import.meta.url);
    const run = (mode: string, target: string, extra: string[] = []) => {
      try {
        return execFileSync(
          process.execPath,
          ['--max-old-space-size=6144', self, '--child', mode, target, ...extra],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
          },
        ).trim();
      } catch (error) {
        return `${mode}: failed (${(error as Error).message.split('\n')[0]})`;
      }
    };
    console.log(run('after', big));
    console.log(run('after', bombDir));
    console.log(run('before', file));
    await writeFile(join(dir, 'done'), '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
