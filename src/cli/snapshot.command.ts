/**
 * `dunghan snapshot --phase 2024-1 [--freeze [--by NAME] [--as-of ISO]] [--list] [--diff 1..2]
 * [--export xlsx|csv|json [--version N] [--out FILE]]`: freezes a phase's scores into a new
 * version (only when they changed), lists the versions, compares two, or exports one (the latest
 * unless --version). With nothing else asked, it lists.
 *
 * `--export csv` writes one file per sheet: FILE.don-vi.csv, FILE.ca-nhan.csv, FILE.can-cu.csv,
 * FILE.mien-tru-dieu-chinh.csv.
 * XLSX needs --out; JSON and CSV without --out go to stdout (CSV: the units sheet).
 * Exit 0, or 2 for a usage error, an unknown phase or version, or a snapshot failing its checksum.
 */
import { writeFileSync } from 'node:fs';
import { openApplicationContext } from '../modules/core/application-context.js';
import { EnvError } from '../config/app-config.js';
import { ConfigError } from '../config/domain-config.loader.js';
import { formatInstant, parseInstant } from '../domain/time.js';
import type { ExportFormat, SheetKey } from '../presentation/exports/snapshot-export.js';
import {
  EXPORT_FORMATS,
  SHEET_KEYS,
  snapshotCsv,
  snapshotJson,
  snapshotXlsx,
} from '../presentation/exports/snapshot-export.js';
import { GRADE_LABELS, RULE_LABELS } from '../presentation/labels.js';
import {
  SnapshotIntegrityError,
  SnapshotRequestError,
  SnapshotService,
} from '../modules/snapshots/snapshot.service.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';

export interface SnapshotOptions {
  phase: string;
  freeze?: boolean;
  by?: string;
  asOf?: string;
  list?: boolean;
  /** "1..2" */
  diff?: string;
  /** xlsx | csv | json */
  export?: string;
  out?: string;
  version?: string;
}

const CSV_SUFFIX: Record<SheetKey, string> = {
  units: 'don-vi',
  people: 'ca-nhan',
  evidence: 'can-cu',
  decisions: 'mien-tru-dieu-chinh',
};

export async function runSnapshot(options: SnapshotOptions, io: CliIo): Promise<number> {
  const usage = (message: string) => {
    io.stderr.write(message + '\n');
    return EXIT_USAGE;
  };
  if (!options.phase) return usage('Thiếu --phase: cho biết đợt thi đua, ví dụ --phase 2024-1');
  let asOf: number | undefined;
  if (options.asOf !== undefined) {
    const parsed = parseInstant(options.asOf);
    if (parsed === null)
      return usage(
        `--as-of ${options.asOf}: phải là thời điểm ISO có múi giờ, ví dụ 2024-05-31T17:00:00+07:00`,
      );
    asOf = parsed;
  }
  let range: [number, number] | undefined;
  if (options.diff !== undefined) {
    const m = /^(\d+)\.\.(\d+)$/.exec(options.diff);
    if (!m) return usage(`--diff ${options.diff}: phải có dạng 1..2`);
    range = [Number(m[1]), Number(m[2])];
  }
  let version: number | undefined;
  if (options.version !== undefined) {
    if (!/^\d+$/.test(options.version)) return usage(`--version ${options.version}: phải là số phiên bản`);
    version = Number(options.version);
  }
  let format: ExportFormat | undefined;
  if (options.export !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(options.export))
      return usage(`--export ${options.export}: chỉ nhận xlsx, csv hoặc json`);
    format = options.export as ExportFormat;
    if (format === 'xlsx' && options.out === undefined) return usage('--export xlsx cần --out FILE');
  }

  let app;
  try {
    app = await openApplicationContext({ env: io.env });
  } catch (e) {
    if (e instanceof EnvError || e instanceof ConfigError)
      return usage(`Cấu hình không dùng được: ${e.message}`);
    throw e;
  }
  try {
    const service = app.get(SnapshotService);
    const phase = options.phase;
    if (options.freeze) {
      const r = await service.freeze(phase, { asOf, by: options.by ?? io.env.USER ?? 'dunghan' });
      io.stdout.write(
        r.created
          ? `Đã chốt đợt ${phase}: phiên bản ${r.version}, số liệu đến ${formatInstant(r.asOf)}, mã kiểm tra ${r.checksum}\n`
          : `Đợt ${phase}: số liệu không đổi so với phiên bản ${r.version}, không tạo phiên bản mới (mã kiểm tra ${r.checksum})\n`,
      );
    }
    if (range !== undefined) {
      const d = await service.diff(phase, range[0], range[1]);
      io.stdout.write(`So sánh đợt ${phase}: phiên bản ${d.from} → ${d.to}\n`);
      const decisions =
        d.exemptions.added.length +
        d.exemptions.removed.length +
        d.adjustments.added.length +
        d.adjustments.removed.length;
      if (d.changes.length === 0 && decisions === 0) io.stdout.write('Không có thay đổi.\n');
      for (const c of d.changes) {
        const grade = (g: keyof (typeof GRADE_LABELS)['vi'] | null) =>
          g === null ? '—' : GRADE_LABELS.vi[g];
        io.stdout.write(
          `${c.level === 'unit' ? 'Đơn vị' : 'Cá nhân'} ${c.id}${c.name ? ` (${c.name})` : ''}: ` +
            `điểm ${c.score.before ?? '—'} → ${c.score.after ?? '—'}, hạng ${c.rank.before ?? '—'} → ${c.rank.after ?? '—'}, ` +
            `xếp loại ${grade(c.grade.before)} → ${grade(c.grade.after)}` +
            (c.adjustment.before !== c.adjustment.after
              ? ` (điểm tính ${c.computedScore.before ?? '—'} → ${c.computedScore.after ?? '—'}, điều chỉnh ${c.adjustment.before ?? '—'} → ${c.adjustment.after ?? '—'})`
              : '') +
            '\n',
        );
        for (const r of c.rules) {
          const t = (x: typeof r.before) => (x === null ? '—' : `${x.met}/${x.judged}`);
          io.stdout.write(
            `  ${RULE_LABELS.vi[r.rule]}: ${t(r.before)} → ${t(r.after)}` +
              (r.added.length ? `; thêm ${r.added.join(', ')}` : '') +
              (r.removed.length ? `; bớt ${r.removed.join(', ')}` : '') +
              '\n',
          );
        }
      }
      for (const [label, list] of [
        ['Miễn trừ thêm', d.exemptions.added],
        ['Miễn trừ bỏ', d.exemptions.removed],
      ] as const)
        for (const e of list)
          io.stdout.write(`${label}: ${e.obligationId} (${e.by}, ${e.at}): ${e.reason}\n`);
      for (const [label, list] of [
        ['Điều chỉnh thêm', d.adjustments.added],
        ['Điều chỉnh bỏ', d.adjustments.removed],
      ] as const)
        for (const a of list)
          io.stdout.write(
            `${label}: ${a.level === 'unit' ? 'đơn vị' : 'cá nhân'} ${a.subjectId} ${a.points > 0 ? '+' : ''}${a.points} (${a.by}, ${a.at}): ${a.reason}\n`,
          );
    }
    if (format !== undefined) {
      const snapshot = await service.get(phase, version);
      if (format === 'xlsx') writeFileSync(options.out!, await snapshotXlsx(snapshot));
      else if (format === 'json') {
        if (options.out === undefined) io.stdout.write(snapshotJson(snapshot));
        else writeFileSync(options.out, snapshotJson(snapshot));
      } else {
        const files = snapshotCsv(snapshot);
        if (options.out === undefined) io.stdout.write(files.units);
        else
          for (const key of SHEET_KEYS)
            writeFileSync(`${options.out.replace(/\.csv$/i, '')}.${CSV_SUFFIX[key]}.csv`, files[key]);
      }
      if (options.out !== undefined)
        io.stderr.write(
          `Đã xuất đợt ${phase} phiên bản ${snapshot.version} (${format}) vào ${options.out}\n`,
        );
    }
    if (options.list || (!options.freeze && range === undefined && format === undefined)) {
      const versions = await service.list(phase);
      if (versions.length === 0) io.stdout.write(`Đợt ${phase} chưa được chốt lần nào.\n`);
      for (const v of versions)
        io.stdout.write(
          `${phase} v${v.version}\tchốt ${formatInstant(v.frozenAt)} bởi ${v.frozenBy}\tsố liệu đến ${formatInstant(v.asOf)}\t${v.checksum}\n`,
        );
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof SnapshotRequestError)
      return usage(
        e.problem === 'phase_unknown'
          ? `--phase ${e.value}: không có đợt thi đua này trong cấu hình`
          : `Không có phiên bản ${e.value}`,
      );
    if (e instanceof SnapshotIntegrityError)
      return usage(
        `Phiên bản ${e.version} của đợt ${e.phaseId} không khớp mã kiểm tra: dữ liệu đã bị sửa ngoài ứng dụng.`,
      );
    throw e;
  } finally {
    await app.close();
  }
}
