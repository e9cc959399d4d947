/**
 * The CLI commands that work on the stored data (DATABASE_URL, or the embedded database under
 * var/): import, obligations, sync, sources, runs.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import type { DomainConfig } from '../config/domain-config.loader.js';
import { formatIssue } from '../domain/bundle/bundle-issue.js';
import { plausibleRange } from '../domain/bundle/plausible-dates.js';
import type { Instant } from '../domain/time.js';
import type { CliMessage } from '../i18n/cli-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import { formatDateTime, formatNumber, formatRunCounts, formatStoredTime } from '../presentation/formats.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import type { LoadedBundles } from '../infra/bundle/load-bundles.js';
import { loadBundles } from '../infra/bundle/load-bundles.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { SyncStore } from '../infra/store/sync-store.js';
import { Clock } from '../modules/core/clock.js';
import { APP_CONFIG, DOMAIN_CONFIG } from '../modules/core/core.tokens.js';
import { EvaluationService } from '../modules/evaluation/evaluation.service.js';
import { evaluateStored } from '../modules/evaluation/stored-evaluation.js';
import { SourceCatalog } from '../modules/sync/source-catalog.service.js';
import { SyncService } from '../modules/sync/sync.service.js';
import { parseAsOf } from '../presentation/as-of.js';
import { writeEvaluationJson } from '../presentation/evaluation-json.writer.js';
import { writeEvaluationTable } from '../presentation/evaluation-table.writer.js';
import { OutputWriter } from '../presentation/output-writer.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { withContext } from './with-application.js';

const langOf = (io: CliIo, lang?: string): Lang => parseLang(lang ?? io.env.DUNGHAN_LANG) ?? 'vi';

function usage(io: CliIo, message: string): number {
  io.stderr.write(message + '\n');
  return EXIT_USAGE;
}

/** `--as-of` as given (null: not given, the context's clock decides), or 'invalid' once said so. */
function askedAsOf(text: string | undefined, lang: Lang, io: CliIo): Instant | null | 'invalid' {
  if (text === undefined) return null;
  const asOf = parseAsOf(text);
  if (typeof asOf === 'number') return asOf;
  usage(io, cliMessage(asOf.error === 'no_offset' ? 'asOfNoOffset' : 'asOfInvalid', lang, text));
  return 'invalid';
}

export async function runImport(
  options: { bundle: string[]; asOf?: string; lang?: string },
  io: CliIo,
): Promise<number> {
  const lang = langOf(io, options.lang);
  if (options.bundle.length === 0) return usage(io, cliMessage('bundleMissing', lang));
  const asked = askedAsOf(options.asOf, lang, io);
  if (asked === 'invalid') return EXIT_USAGE;
  return withContext(io, async (app) => {
    // Judged beside what is stored, as a sync judges its batches: an incremental bundle's records
    // refer to units and documents an earlier bundle brought.
    // Without --as-of, "now" is the context's clock: DUNGHAN_CLOCK when set, as for every command.
    const asOf = asked ?? app.get(Clock).now();
    let loaded: LoadedBundles | null = await loadBundles(options.bundle, {
      stored: (ids) => app.get(SyncStore).storedReferences(ids),
      plausible: plausibleRange(app.get<DomainConfig>(DOMAIN_CONFIG).settings.plausibleDates, asOf),
    });
    if (loaded.fatal !== null) {
      io.stderr.write(formatIssue(loaded.fatal, lang) + '\n');
      return EXIT_USAGE;
    }
    for (const issue of loaded.issues) io.stderr.write(formatIssue(issue, lang) + '\n');
    const runId = await app
      .get(SyncStore)
      .startRun(
        'import',
        'bundle-file',
        `import:${randomUUID()}`,
        'cli',
        app.get<AppConfig>(APP_CONFIG).worker,
      );
    if (runId === null) throw new Error('could not start the import run');
    try {
      const totals = await app
        .get(SyncService)
        .importDataset(
          runId,
          loaded.dataset,
          options.bundle.join(', '),
          loaded.issues,
          undefined,
          loaded.tombstones,
        );
      // The records are stored: let them go before the evaluation loads its own copy (held, they
      // made its garbage collection scan an extra gigabyte on a province-year).
      loaded = null;

      const evaluation = await app.get(EvaluationService).evaluate(asOf, `import:${runId}`, 'full');
      await app.get(SyncStore).finishRun(runId, 'succeeded', null);
      io.stdout.write(
        cliMessage('imported', lang, {
          run: runId,
          inserted: totals.inserted,
          updated: totals.updated,
          unchanged: totals.unchanged,
          rejected: totals.rejected,
          asOf: formatDateTime(asOf),
          obligations: evaluation.obligations,
          changed: evaluation.changed,
        }) + '\n',
      );
      return EXIT_OK;
    } catch (e) {
      await app.get(SyncStore).finishRun(runId, 'failed', (e as Error).message);
      throw e;
    }
  });
}

export async function runObligations(
  options: { asOf?: string; unit?: string; format?: string; lang?: string },
  io: CliIo,
): Promise<number> {
  const lang = langOf(io, options.lang);
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'table') return usage(io, cliMessage('formatInvalid', lang, format));
  const asked = askedAsOf(options.asOf, lang, io);
  if (asked === 'invalid') return EXIT_USAGE;
  return withContext(io, async (app) => {
    // The stored records, evaluated by the same engine as `evaluate`, as of the asked instant.
    const { dataset, evaluation, scores } = await evaluateStored(
      { obligationStore: app.get(ObligationStore), domain: app.get<DomainConfig>(DOMAIN_CONFIG) },
      asked ?? app.get(Clock).now(),
      options.unit,
    );
    if (options.unit !== undefined && !dataset.units.has(options.unit))
      return usage(
        io,
        cliMessage('unitUnknown', lang, { value: options.unit, known: knownList([...dataset.units.keys()]) }),
      );
    const out = new OutputWriter(io.stdout);
    if (format === 'json') await writeEvaluationJson(out, evaluation, scores, { evidence: false });
    else await writeEvaluationTable(out, evaluation, scores, dataset, lang);
    await out.flush();
    return EXIT_OK;
  });
}

export async function runSync(options: { source?: string; lang?: string }, io: CliIo): Promise<number> {
  const lang = langOf(io, options.lang);
  return withContext(io, async (app) => {
    const sources = app.get(SourceCatalog).list();
    const chosen = sources.filter((s) => (options.source ? s.name === options.source : s.enabled));
    if (options.source && chosen.length === 0) return unknownSource(io, lang, options.source, sources);
    for (const source of chosen) {
      const summary = await app.get(SyncService).run(source, 'cli', `manual:${randomUUID()}`);
      if (summary === null) {
        io.stderr.write(cliMessage('syncBusy', lang, source.name) + '\n');
        continue;
      }
      io.stdout.write(
        cliMessage('synced', lang, {
          source: source.name,
          run: summary.runId,
          ...formatRunCounts(summary.counts, lang),
        }) + '\n',
      );
    }
    return EXIT_OK;
  });
}

/** Exit 2 naming the unknown source and the configured ones. */
function unknownSource(io: CliIo, lang: Lang, name: string, sources: { name: string }[]): number {
  return usage(
    io,
    cliMessage('sourceUnknown', lang, { value: name, known: knownList(sources.map((s) => s.name)) }),
  );
}

/** At most ten names, so a mistyped id shows what exists without flooding the terminal. */
function knownList(names: string[]): string {
  const sorted = [...names].sort();
  return sorted.length === 0 ? '—' : sorted.slice(0, 10).join(', ') + (sorted.length > 10 ? ', …' : '');
}

const RUN_STATUS: Record<string, CliMessage> = {
  running: 'runStatusRunning',
  succeeded: 'runStatusSucceeded',
  failed: 'runStatusFailed',
};

export async function runSources(options: { lang?: string }, io: CliIo): Promise<number> {
  const lang = langOf(io, options.lang);
  const t = (key: CliMessage, value?: string) => cliMessage(key, lang, value);
  return withContext(io, async (app) => {
    const stored = new Map((await app.get(SyncStore).sources()).map((s) => [s.name, s]));
    const last = await app.get(SyncStore).runs(null, 1000);
    if (app.get(SourceCatalog).list().length === 0) {
      io.stdout.write(t('noSources') + '\n');
      return EXIT_OK;
    }
    io.stdout.write(t('sourcesHeader') + '\n');
    for (const s of app.get(SourceCatalog).list()) {
      const run = last.find((r) => r.source === s.name);
      const status = run === undefined ? '' : RUN_STATUS[run.status];
      io.stdout.write(
        `${s.name}\t${s.kind}\t${t(s.enabled ? 'sourceEnabled' : 'sourceDisabled')}\t${s.cron}\t` +
          `${run ? `${run.id} ${status ? t(status) : run.status} ${formatStoredTime(run.startedAt)}` : '—'}\t` +
          `${stored.get(s.name)?.cursor ? t('cursorSet') : '—'}\n`,
      );
    }
    return EXIT_OK;
  });
}

export async function runRuns(
  options: { source?: string; limit?: string; rejections?: string; lang?: string },
  io: CliIo,
): Promise<number> {
  const lang = langOf(io, options.lang);
  const t = (key: CliMessage, value?: string) => cliMessage(key, lang, value);
  const n = (x: number) => formatNumber(x, lang);
  if (options.limit !== undefined && !/^[1-9]\d*$/.test(options.limit))
    return usage(io, t('limitInvalid', options.limit));
  return withContext(io, async (app) => {
    if (options.rejections !== undefined) {
      const runId = options.rejections;
      if (!/^[1-9]\d{0,17}$/.test(runId) || !(await app.get(SyncStore).hasRun(runId)))
        return usage(io, t('runUnknown', runId));
      const rejected = await app.get(SyncStore).rejections(runId);
      if (rejected.length === 0) io.stdout.write(t('noRejections', runId) + '\n');
      for (const r of rejected) {
        const severity = r.severity === 'error' ? t('severityError') : t('severityWarning');
        io.stdout.write(`${severity}\t${lang === 'vi' ? r.messageVi : r.messageEn}\n`);
      }
      return EXIT_OK;
    }
    const limit = Math.min(Number(options.limit ?? 20), 1000);
    const sources = app.get(SourceCatalog).list();
    if (options.source !== undefined && !sources.some((s) => s.name === options.source))
      return unknownSource(io, lang, options.source, sources);
    const runs = await app.get(SyncStore).runs(options.source ?? null, limit);
    if (runs.length === 0) {
      io.stdout.write(t('noRuns') + '\n');
      return EXIT_OK;
    }
    io.stdout.write(t('runsHeader') + '\n');
    for (const r of runs) {
      const status = RUN_STATUS[r.status];
      io.stdout.write(
        [
          r.id,
          r.source,
          r.trigger,
          status ? t(status) : r.status,
          formatStoredTime(r.startedAt),
          r.durationMs === null ? '—' : `${formatNumber(r.durationMs / 1000, lang, 1)} s`,
          n(r.seen),
          n(r.inserted),
          n(r.updated),
          n(r.unchanged),
          n(r.deleted),
          n(r.rejected),
          n(r.warnings),
          r.error ?? '',
        ]
          .join('\t')
          .trimEnd() + '\n',
      );
    }
    return EXIT_OK;
  });
}
