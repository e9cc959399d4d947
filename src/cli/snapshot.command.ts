/**
 * `dunghan snapshot --phase 2024-1 [--freeze [--by NAME] [--as-of INSTANT]] [--list] [--diff 1..2]
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
import type { DomainConfig } from '../config/domain-config.loader.js';
import { DOMAIN_CONFIG } from '../modules/core/core.tokens.js';
import type { ExportFormat, SheetKey } from '../presentation/exports/snapshot-export.js';
import {
  EXPORT_FORMATS,
  SHEET_KEYS,
  snapshotCsv,
  snapshotJson,
  snapshotXlsx,
} from '../presentation/exports/snapshot-export.js';
import type { CliMessage } from '../i18n/cli-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import { formatDateTime, formatNumber, formatStoredTime } from '../presentation/formats.js';
import { GRADE_LABELS, RULE_LABELS } from '../presentation/labels.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import {
  SnapshotIntegrityError,
  SnapshotRequestError,
  SnapshotService,
} from '../modules/snapshots/snapshot.service.js';
import type { CliIo } from './evaluate.command.js';
import { parseAsOf } from '../presentation/as-of.js';
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
  lang?: string;
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
  if (options.lang !== undefined && parseLang(options.lang) === null)
    return usage(cliMessage('langInvalid', 'vi', options.lang));
  const lang: Lang = parseLang(options.lang ?? io.env.DUNGHAN_LANG) ?? 'vi';
  const t = (key: CliMessage, values?: string | Record<string, string | number>) =>
    cliMessage(key, lang, values);
  if (!options.phase) return usage(t('phaseMissing'));
  let asOf: number | undefined;
  if (options.asOf !== undefined) {
    const parsed = parseAsOf(options.asOf);
    if (typeof parsed !== 'number')
      return usage(t(parsed.error === 'no_offset' ? 'asOfNoOffset' : 'asOfInvalid', options.asOf));
    asOf = parsed;
  }
  let range: [number, number] | undefined;
  if (options.diff !== undefined) {
    const m = /^(\d+)\.\.(\d+)$/.exec(options.diff);
    if (!m) return usage(t('diffInvalid', options.diff));
    range = [Number(m[1]), Number(m[2])];
  }
  let version: number | undefined;
  if (options.version !== undefined) {
    if (!/^\d+$/.test(options.version)) return usage(t('versionInvalid', options.version));
    version = Number(options.version);
  }
  let format: ExportFormat | undefined;
  if (options.export !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(options.export))
      return usage(t('exportInvalid', options.export));
    format = options.export as ExportFormat;
    if (format === 'xlsx' && options.out === undefined) return usage(t('xlsxNeedsOut'));
  }

  let app;
  try {
    app = await openApplicationContext({ env: io.env });
  } catch (e) {
    if (e instanceof EnvError || e instanceof ConfigError) return usage(t('config', e.message));
    throw e;
  }
  const num = (x: number | null) => (x === null ? '—' : formatNumber(x, lang, Number.isInteger(x) ? 0 : 2));
  const grade = (g: keyof (typeof GRADE_LABELS)['vi'] | null) => (g === null ? '—' : GRADE_LABELS[lang][g]);
  const level = (l: 'unit' | 'person') => t(l === 'unit' ? 'levelUnit' : 'levelPerson');
  try {
    const service = app.get(SnapshotService);
    const phase = options.phase;
    if (options.freeze) {
      const r = await service.freeze(phase, { asOf, by: options.by ?? io.env.USER ?? 'dunghan' });
      io.stdout.write(
        t(r.created ? 'frozen' : 'frozenUnchanged', {
          phase,
          version: r.version,
          asOf: formatDateTime(r.asOf),
          checksum: r.checksum,
        }) + '\n',
      );
    }
    if (range !== undefined) {
      const d = await service.diff(phase, range[0], range[1]);
      io.stdout.write(t('diffHeader', { phase, from: d.from, to: d.to }) + '\n');
      const decisions =
        d.exemptions.added.length +
        d.exemptions.removed.length +
        d.adjustments.added.length +
        d.adjustments.removed.length;
      if (d.changes.length === 0 && decisions === 0) io.stdout.write(t('noChange') + '\n');
      for (const c of d.changes) {
        io.stdout.write(
          `${level(c.level)} ${c.id}${c.name ? ` (${c.name})` : ''}: ` +
            t('rowChange', {
              scoreBefore: num(c.score.before),
              scoreAfter: num(c.score.after),
              rankBefore: c.rank.before ?? '—',
              rankAfter: c.rank.after ?? '—',
              gradeBefore: grade(c.grade.before),
              gradeAfter: grade(c.grade.after),
            }) +
            (c.adjustment.before !== c.adjustment.after
              ? t('rowAdjusted', {
                  computedBefore: num(c.computedScore.before),
                  computedAfter: num(c.computedScore.after),
                  adjustmentBefore: num(c.adjustment.before),
                  adjustmentAfter: num(c.adjustment.after),
                })
              : '') +
            '\n',
        );
        for (const r of c.rules) {
          const share = (x: typeof r.before) => (x === null ? '—' : `${x.met}/${x.judged}`);
          io.stdout.write(
            `  ${RULE_LABELS[lang][r.rule]}: ${share(r.before)} → ${share(r.after)}` +
              (r.added.length ? t('ruleAdded', r.added.join(', ')) : '') +
              (r.removed.length ? t('ruleRemoved', r.removed.join(', ')) : '') +
              '\n',
          );
        }
      }
      for (const [label, list] of [
        [t('exemptionAdded'), d.exemptions.added],
        [t('exemptionRemoved'), d.exemptions.removed],
      ] as const)
        for (const e of list)
          io.stdout.write(`${label}: ${e.obligationId} (${e.by}, ${formatStoredTime(e.at)}): ${e.reason}\n`);
      for (const [label, list] of [
        [t('adjustmentAdded'), d.adjustments.added],
        [t('adjustmentRemoved'), d.adjustments.removed],
      ] as const)
        for (const a of list)
          io.stdout.write(
            `${label}: ${level(a.level).toLowerCase()} ${a.subjectId} ${a.points > 0 ? '+' : ''}${num(a.points)} ` +
              `(${a.by}, ${formatStoredTime(a.at)}): ${a.reason}\n`,
          );
    }
    if (format !== undefined) {
      const snapshot = await service.get(phase, version);
      const frame = app.get<DomainConfig>(DOMAIN_CONFIG).settings.exportFrame;
      if (format === 'xlsx') writeFileSync(options.out!, await snapshotXlsx(snapshot, frame));
      else if (format === 'json') {
        if (options.out === undefined) io.stdout.write(snapshotJson(snapshot));
        else writeFileSync(options.out, snapshotJson(snapshot));
      } else {
        const files = snapshotCsv(snapshot, frame);
        if (options.out === undefined) io.stdout.write(files.units);
        else
          for (const key of SHEET_KEYS)
            writeFileSync(`${options.out.replace(/\.csv$/i, '')}.${CSV_SUFFIX[key]}.csv`, files[key]);
      }
      if (options.out !== undefined)
        io.stderr.write(t('exported', { phase, version: snapshot.version, format, out: options.out }) + '\n');
    }
    if (options.list || (!options.freeze && range === undefined && format === undefined)) {
      const versions = await service.list(phase);
      if (versions.length === 0) io.stdout.write(t('neverFrozen', phase) + '\n');
      for (const v of versions)
        io.stdout.write(
          t('versionLine', {
            phase,
            version: v.version,
            frozenAt: formatDateTime(v.frozenAt),
            by: v.frozenBy,
            asOf: formatDateTime(v.asOf),
            checksum: v.checksum,
          }) + '\n',
        );
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof SnapshotRequestError)
      return usage(t(e.problem === 'phase_unknown' ? 'phaseUnknown' : 'snapshotVersionUnknown', e.value));
    if (e instanceof SnapshotIntegrityError)
      return usage(t('snapshotTampered', { version: e.version, phase: e.phaseId }));
    throw e;
  } finally {
    await app.close();
  }
}
