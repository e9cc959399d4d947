/**
 * `dunghan calendar preview` and `dunghan campaign preview`: what a change would do before the
 * administrator makes it — the obligations whose due date or status would move, and every score,
 * grade and rank that would change. Computed in a transaction that is rolled back: nothing is
 * stored, whatever the outcome. A refused change names the field and exits 2.
 */
import { readFileSync } from 'node:fs';
import type { CliMessage } from '../i18n/cli-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import type { PreviewResult } from '../modules/preview/preview.service.js';
import { PreviewService } from '../modules/preview/preview.service.js';
import { previewView } from '../modules/preview/preview.view.js';
import { Refusal } from '../modules/shared/refusal.js';
import { previewText } from '../presentation/preview-text.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { withContext } from './with-application.js';

interface Common {
  format?: string;
  lang?: string;
}

export async function runCalendarPreview(
  options: Common & { date?: string; kind?: string; name?: string; file?: string },
  io: CliIo,
): Promise<number> {
  return preview(options, io, (say) => {
    if (options.file !== undefined) {
      const json = readJson(options.file, io, say);
      if (json === undefined) return null;
      const year = String((json as { year?: unknown } | null)?.year ?? '');
      return (service) => service.calendarYear(year, json);
    }
    if (options.date === undefined) {
      io.stderr.write(say('previewNeedsChange', {}) + '\n');
      return null;
    }
    const date = options.date;
    return (service) => service.calendarDay(date, { kind: options.kind, name: options.name });
  });
}

export async function runCampaignPreview(
  options: Common & { id: string; file: string },
  io: CliIo,
): Promise<number> {
  return preview(options, io, (say) => {
    const json = readJson(options.file, io, say);
    if (json === undefined) return null;
    return (service) => service.campaign(options.id, json);
  });
}

type Say = (key: CliMessage, values: Record<string, string | number>) => string;

async function preview(
  options: Common,
  io: CliIo,
  plan: (say: Say) => ((service: PreviewService) => Promise<PreviewResult>) | null,
): Promise<number> {
  if (options.lang !== undefined && parseLang(options.lang) === null) {
    io.stderr.write(cliMessage('langInvalid', 'vi', options.lang) + '\n');
    return EXIT_USAGE;
  }
  const lang: Lang = parseLang(options.lang ?? io.env.DUNGHAN_LANG) ?? 'vi';
  const say: Say = (key, values) => cliMessage(key, lang, values);
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    io.stderr.write(say('formatInvalid', { value: format }) + '\n');
    return EXIT_USAGE;
  }
  const work = plan(say);
  if (work === null) return EXIT_USAGE;
  return withContext(io, async (app) => {
    let result: PreviewResult;
    try {
      result = await work(app.get(PreviewService));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      io.stderr.write(
        say('previewRefused', { field: error.field, reason: lang === 'vi' ? error.vi : error.en }) + '\n',
      );
      return EXIT_USAGE;
    }
    io.stdout.write(
      format === 'json'
        ? JSON.stringify(previewView(result, Number.MAX_SAFE_INTEGER), null, 2) + '\n'
        : previewText(result, lang),
    );
    return EXIT_OK;
  });
}

/** The file's JSON, or undefined once the reason it cannot be read is printed. */
function readJson(file: string, io: CliIo, say: Say): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr.write(
      say('calendarFileUnreadable', { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) }) + '\n',
    );
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    io.stderr.write(say('calendarFileNotJson', { file, reason: (e as Error).message }) + '\n');
    return undefined;
  }
}
