/**
 * The CLI commands that work on the stored data (DATABASE_URL, or the embedded database under
 * var/): import, obligations, sync, sources, runs.
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/app-context.js';
import { createAppContext } from '../app/app-context.js';
import { formatIssue } from '../domain/bundle/bundle-issue.js';
import { formatInstant } from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { loadBundles } from '../infra/bundle/load-bundles.js';
import { evaluateStored } from '../modules/obligations/stored-evaluation.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE, parseAsOf } from './evaluate.command.js';
import { writeEvaluationJson } from './evaluation-json.writer.js';
import { writeEvaluationTable } from './evaluation-table.writer.js';
import { OutputWriter } from './output-writer.js';

export async function withContext<T>(io: CliIo, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createAppContext(io.env);
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

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
  return withContext(io, async (ctx) => {
    // Judged beside what is stored, as a sync judges its batches: an incremental bundle's records
    // refer to units and documents an earlier bundle brought.
    const loaded = await loadBundles(options.bundle, {
      stored: (ids) => ctx.syncStore.storedReferences(ids),
    });
    if (loaded.fatal !== null) {
      io.stderr.write(formatIssue(loaded.fatal, lang) + '\n');
      return EXIT_USAGE;
    }
    for (const issue of loaded.issues) io.stderr.write(formatIssue(issue, lang) + '\n');
    const runId = await ctx.syncStore.startRun(
      'import',
      'bundle-file',
      `import:${randomUUID()}`,
      'cli',
      ctx.app.worker,
    );
    if (runId === null) throw new Error('could not start the import run');
    try {
      const totals = await ctx.sync.importDataset(
        runId,
        loaded.dataset,
        options.bundle.join(', '),
        loaded.issues,
        undefined,
        loaded.tombstones,
      );
      const evaluation = await ctx.evaluation.evaluate(asOf, `import:${runId}`, 'full');
      await ctx.syncStore.finishRun(runId, 'succeeded', null);
      io.stdout.write(
        lang === 'vi'
          ? `Đã nhập (lượt ${runId}): thêm ${totals.inserted}, cập nhật ${totals.updated}, không đổi ${totals.unchanged}, bị loại ${totals.rejected}. ` +
              `Đánh giá tại ${formatInstant(asOf)}: ${evaluation.obligations} nghĩa vụ, ${evaluation.changed} thay đổi.\n`
          : `Imported (run ${runId}): ${totals.inserted} inserted, ${totals.updated} updated, ${totals.unchanged} unchanged, ${totals.rejected} rejected. ` +
              `Evaluated as of ${formatInstant(asOf)}: ${evaluation.obligations} obligations, ${evaluation.changed} changed.\n`,
      );
      return EXIT_OK;
    } catch (e) {
      await ctx.syncStore.finishRun(runId, 'failed', (e as Error).message);
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
  return withContext(io, async (ctx) => {
    // The stored records, evaluated by the same engine as `evaluate`, as of the asked instant.
    const { dataset, evaluation, scores } = await evaluateStored(ctx, asOf, options.unit);
    const out = new OutputWriter(io.stdout);
    if (format === 'json') await writeEvaluationJson(out, evaluation, scores, { evidence: false });
    else await writeEvaluationTable(out, evaluation, scores, dataset, lang);
    await out.flush();
    return EXIT_OK;
  });
}

export async function runSync(options: { source?: string; lang?: string }, io: CliIo): Promise<number> {
  const lang = langOf(io, options.lang);
  return withContext(io, async (ctx) => {
    const chosen = ctx.sources.filter((s) => (options.source ? s.name === options.source : s.enabled));
    if (options.source && chosen.length === 0) {
      io.stderr.write(
        (lang === 'vi'
          ? `Không có nguồn "${options.source}" trong cấu hình; các nguồn: `
          : `No source "${options.source}" is configured; sources: `) +
          (ctx.sources.map((s) => s.name).join(', ') || '—') +
          '\n',
      );
      return EXIT_USAGE;
    }
    for (const source of chosen) {
      const summary = await ctx.sync.run(source, 'cli', `manual:${randomUUID()}`);
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
  return withContext(io, async (ctx) => {
    const stored = new Map((await ctx.syncStore.sources()).map((s) => [s.name, s]));
    const last = await ctx.syncStore.runs(null, 1000);
    for (const s of ctx.sources) {
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
  return withContext(io, async (ctx) => {
    if (options.rejections !== undefined) {
      for (const r of await ctx.syncStore.rejections(options.rejections)) {
        io.stdout.write(`${r.severity}\t${lang === 'vi' ? r.messageVi : r.messageEn}\n`);
      }
      return EXIT_OK;
    }
    const limit = Math.min(Math.max(Number(options.limit ?? 20) || 20, 1), 1000);
    for (const r of await ctx.syncStore.runs(options.source ?? null, limit)) {
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
