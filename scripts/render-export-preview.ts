/**
 * Prints the review export's first page to a picture (docs/review-export.png), as the emulation
 * council would get it from the printer: the demo agency (`dunghan demo --once`, embedded
 * database, clock at 30 June 2025 17:00), its phase frozen (`dunghan snapshot --phase 2025-1
 * --freeze`) and exported (`--export xlsx`), then the units sheet through LibreOffice to PDF and
 * the PDF's first page through poppler to PNG.
 *
 *   npm run build && node dist/scripts/render-export-preview.js \
 *     [--phase 2025-1] [--data /tmp/dunghan-export-preview] [--png docs/review-export.png] [--dpi 150]
 *     [--keep-data]     (reuse the folder's frozen snapshot: export and print only)
 *
 * Needs `soffice` (LibreOffice) and `pdftoppm` (poppler-utils), and fonts metric-compatible with
 * Times New Roman and Calibri — `apt-get install fonts-liberation2 fonts-crosextra-carlito` — or
 * the columns print at other widths than in Excel. The data folder (a demo's, or empty) is made anew.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import type { CliIo } from '../src/cli/evaluate.command.js';
import { runSnapshot } from '../src/cli/snapshot.command.js';
import { projectRoot } from '../src/config/project-root.js';
import { DEMO_AS_OF, runDemo } from '../src/demo/demo.command.js';
import { SHEET_NAMES } from '../src/presentation/exports/snapshot-export.js';

const { values } = parseArgs({
  options: {
    phase: { type: 'string', default: '2025-1' },
    data: { type: 'string', default: join(tmpdir(), 'dunghan-export-preview') },
    png: { type: 'string', default: join(projectRoot(), 'docs', 'review-export.png') },
    dpi: { type: 'string', default: '150' },
    by: { type: 'string', default: 'Thư ký Hội đồng Thi đua - Khen thưởng' },
    // Reuse the data folder's frozen snapshot and only export and print again (layout work).
    'keep-data': { type: 'boolean', default: false },
  },
});

const fail = (message: string): never => {
  process.stderr.write(message + '\n');
  process.exit(2);
};

for (const [tool, hint] of [
  ['soffice', 'apt-get install -y libreoffice-calc'],
  ['pdftoppm', 'apt-get install -y poppler-utils'],
]) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    fail(`${tool} not found (${hint})`);
  }
}
for (const [family, metricTwin] of [
  ['Times New Roman', 'Liberation Serif'],
  ['Calibri', 'Carlito'],
]) {
  const found = execFileSync('fc-match', ['-f', '%{family}', family], { encoding: 'utf8' });
  if (!found.includes(family) && !found.includes(metricTwin))
    process.stderr.write(
      `warning: ${family} prints as ${found}, not ${metricTwin}: widths will differ from Excel's ` +
        '(apt-get install fonts-liberation2 fonts-crosextra-carlito)\n',
    );
}

const data = resolve(values.data);
const fresh = !(values['keep-data'] && existsSync(join(data, 'config')));
if (fresh) {
  // Only a folder this script (or `dunghan demo`) made is deleted, never one passed by mistake.
  if (existsSync(data) && readdirSync(data).length > 0 && !existsSync(join(data, 'inbox')))
    fail(`${data} is not empty and holds no demo data: pass another --data`);
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
}
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DUNGHAN_DATA_DIR: data,
  DUNGHAN_CONFIG_DIR: join(data, 'config'),
  DUNGHAN_CLOCK: DEMO_AS_OF,
};
// The embedded database only: the demo agency must never land in a real one.
delete env.DATABASE_URL;
delete env.REDIS_URL;
const io: CliIo = { stdout: process.stderr, stderr: process.stderr, env };

const step = async (what: string, run: () => Promise<number>) => {
  process.stderr.write(`\n== ${what}\n`);
  const code = await run();
  if (code !== 0) fail(`${what}: exit ${code}`);
};
// The demo writes its config folder under the data folder; the snapshot commands read it there.
if (fresh) {
  await step('dunghan demo --once', () => runDemo({ once: true, port: '0' }, io));
  await step(`dunghan snapshot --phase ${values.phase} --freeze`, () =>
    runSnapshot({ phase: values.phase, freeze: true, by: values.by }, io),
  );
}
const xlsx = join(data, `ket-qua-thi-dua-${values.phase}.xlsx`);
await step(`dunghan snapshot --phase ${values.phase} --export xlsx --out ${xlsx}`, () =>
  runSnapshot({ phase: values.phase, export: 'xlsx', out: xlsx }, io),
);

// Printing a sheet, as Excel does: the units sheet alone, so "Trang 1 / N" counts its own pages.
const book = new ExcelJS.Workbook();
await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
for (const sheet of [...book.worksheets])
  if (sheet.name !== SHEET_NAMES.units) book.removeWorksheet(sheet.id);
const unitsXlsx = join(data, 'don-vi.xlsx');
writeFileSync(unitsXlsx, Buffer.from(await book.xlsx.writeBuffer()));

process.stderr.write('\n== XLSX → PDF → PNG\n');
// A profile of its own, so a LibreOffice already open elsewhere does not swallow the conversion.
const profile = `file://${join(data, 'lo-profile')}`;
execFileSync(
  'soffice',
  [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', data, unitsXlsx],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const pdf = unitsXlsx.replace(/\.xlsx$/, '.pdf');
const png = resolve(values.png);
mkdirSync(dirname(png), { recursive: true });
execFileSync('pdftoppm', [
  '-png',
  '-r',
  values.dpi,
  '-f',
  '1',
  '-l',
  '1',
  '-singlefile',
  pdf,
  png.replace(/\.png$/, ''),
]);
const pages = /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? '?';
process.stdout.write(`${xlsx}\n${pdf} (${pages} page(s))\n→ ${png}\n`);
process.exit(0);
