/**
 * The CLI commands that work on the stored data (DATABASE_URL, or the embedded database under
 * var/): import, obligations, sync, sources, runs.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import type { DomainConfig } from '../config/domain-config.loader.js';
import { formatIssue } from '../domain/bundle/bundle-issue.js';
import { formatInstant } from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { loadBundles } from '../infra/bundle/load-bundles.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { SyncStore } from '../infra/store/sync-store.js';
import { APP_CONFIG, DOMAIN_CONFIG } from '../modules/core/core.tokens.js';
import { EvaluationService } from '../modules/evaluation/evaluation.service.js';
import { evaluateStored } from '../modules/evaluation/stored-evaluation.js';
import { SourceCatalog } from '../modules/sync/source-catalog.service.js';
import { SyncService } from '../modules/sync/sync.service.js';
import type { CliIo } from './evaluate.command.js';
import { parseAsOf } from '../presentation/as-of.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { writeEvaluationJson } from '../presentation/evaluation-json.writer.js';
import { writeEvaluationTable } from '../presentation/evaluation-table.writer.js';
import { OutputWriter } from '../presentation/output-writer.js';
import { withContext } from './with-application.js';

const langOf = (io: CliIo, lang?: string): Lang => parseLang(lang ?? io.env.DUNGHAN_LANG) ?? 'vi';

export async function runImport(
  options: { bundle: string[]; asOf?: string; lang?: string },
  io: CliIo,
): Promise<number> {
  const lang = langOf(io, options.lang);
  if (options.bundle.length === 0) {
    io.stderr.write(
      lang === 'vi'
        ? 'Thiếu --bundle: cho biết tệp cần nhập\n'
        : 'Missing --bundle: name the file to import\n',
    );
    return EXIT_USAGE;
  }
  const asOf = options.asOf === undefined ? Date.now() : parseAsOf(options.asOf);
  if (typeof asOf !== 'number') {
    io.stderr.write(
      `--as-of ${options.asOf}: ${lang === 'vi' ? 'không phải thời điểm hợp lệ' : 'not a valid instant'}\n`,
    );
    return EXIT_USAGE;
  }
  return withContext(io, async (app) => {
    const syncStore = app.get(SyncStore);
    // Judged beside what is stored, as a sync judges its batches: an incremental bundle's records
    // refer to units and documents an earlier bundle brought.
    const loaded = await loadBundles(options.bundle, {
      stored: (ids) => syncStore.storedReferences(ids),
    });
    if (loaded.fatal !== null) {
      io.stderr.write(formatIssue(loaded.fatal, lang) + '\n');
      return EXIT_USAGE;
    }
    for (const issue of loaded.issues) io.stderr.write(formatIssue(issue, lang) + '\n');
    const runId = await syncStore.startRun(
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
      const evaluation = await app.get(EvaluationService).evaluate(asOf, `import:${runId}`, 'full');
      await syncStore.finishRun(runId, 'succeeded', null);
      io.stdout.write(
        lang === 'vi'
          ? `Đã nhập (lượt ${runId}): thêm ${totals.inserted}, cập nhật ${totals.updated}, không đổi ${totals.unchanged}, bị loại ${totals.rejected}. ` +
              `Đánh giá tại ${formatInstant(asOf)}: ${evaluation.obligations} nghĩa vụ, ${evaluation.changed} thay đổi.\n`
          : `Imported (run ${runId}): ${totals.inserted} inserted, ${totals.updated} updated, ${totals.unchanged} unchanged, ${totals.rejected} rejected. ` +
              `Evaluated as of ${formatInstant(asOf)}: ${evaluation.obligations} obligations, ${evaluation.changed} changed.\n`,
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
  if (format !== 'json' && format !== 'table') {
    io.stderr.write(
      `--format ${format}: ${lang === 'vi' ? 'chỉ nhận json hoặc table' : 'must be json or table'}\n`,
    );
    return EXIT_USAGE;
  }
  const asOf = options.asOf === undefined ? Date.now() : parseAsOf(options.asOf);
  if (typeof asOf !== 'number') {
    io.stderr.write(
      `--as-of ${options.asOf}: ${lang === 'vi' ? 'không phải thời điểm hợp lệ' : 'not a valid instant'}\n`,
    );
    return EXIT_USAGE;
  }
  return withContext(io, async (app) => {
    // The stored records, evaluated by the same engine as `evaluate`, as of the asked instant.
    const { dataset, evaluation, scores } = await evaluateStored(
      { obligationStore: app.get(ObligationStore), domain: app.get<DomainConfig>(DOMAIN_CONFIG) },
      asOf,
      options.unit,
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
    const chosen = app
      .get(SourceCatalog)
      .list()
      .filter((s) => (options.source ? s.name === options.source : s.enabled));
    if (options.source && chosen.length === 0) {
      io.stderr.write(
        (lang === 'vi'
          ? `Không có nguồn "${options.source}" trong cấu hình; các nguồn: `
          : `No source "${options.source}" is configured; sources: `) +
          (app
            .get(SourceCatalog)
            .list()
            .map((s) => s.name)
            .join(', ') || '—') +
          '\n',
      );
      return EXIT_USAGE;
    }
    for (const source of chosen) {
      const summary = await app.get(SyncService).run(source, 'cli', `manual:${randomUUID()}`);
      if (summary === null) continue;
      const c = summary.counts;
      io.stdout.write(
        lang === 'vi'
          ? `${source.name} (lượt ${summary.runId}): ${c.batches} lô, ${c.seen} bản ghi; thêm ${c.inserted}, cập nhật ${c.updated}, không đổi ${c.unchanged}, xoá ${c.deleted}, bị loại ${c.rejected}.\n`
          : `${source.name} (run ${summary.runId}): ${c.batches} batches, ${c.seen} records; ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted, ${c.rejected} rejected.\n`,
      );
    }
    return EXIT_OK;
  });
}

export async function runSources(io: CliIo): Promise<number> {
  return withContext(io, async (app) => {
    const stored = new Map((await app.get(SyncStore).sources()).map((s) => [s.name, s]));
    const last = await app.get(SyncStore).runs(null, 1000);
    for (const s of app.get(SourceCatalog).list()) {
      const run = last.find((r) => r.source === s.name);
      io.stdout.write(
        `${s.name}\t${s.kind}\t${s.enabled ? 'enabled' : 'disabled'}\tcron "${s.cron}"\t` +
          `last run: ${run ? `${run.id} ${run.status} ${new Date(run.startedAt).toISOString()}` : '—'}\t` +
          `cursor: ${stored.get(s.name)?.cursor ? 'set' : '—'}\n`,
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
  return withContext(io, async (app) => {
    if (options.rejections !== undefined) {
      for (const r of await app.get(SyncStore).rejections(options.rejections)) {
        io.stdout.write(`${r.severity}\t${lang === 'vi' ? r.messageVi : r.messageEn}\n`);
      }
      return EXIT_OK;
    }
    const limit = Math.min(Math.max(Number(options.limit ?? 20) || 20, 1), 1000);
    for (const r of await app.get(SyncStore).runs(options.source ?? null, limit)) {
      io.stdout.write(
        `${r.id}\t${r.source}\t${r.trigger}\t${r.status}\t${new Date(r.startedAt).toISOString()}\t${r.durationMs ?? '—'} ms\t` +
          `seen ${r.seen} inserted ${r.inserted} updated ${r.updated} unchanged ${r.unchanged} deleted ${r.deleted} rejected ${r.rejected}` +
          (r.error ? `\t${r.error}` : '') +
          '\n',
      );
    }
    return EXIT_OK;
  });
}
