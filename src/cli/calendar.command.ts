/**
 * `dunghan calendar load FILE`: the administrator loads a year's announcement (a file shaped like
 * `config/calendars/<year>.json`). The file is checked before anything is opened — a bad file
 * names the day and the field and changes nothing (exit 2) — then stored, audited and the open
 * obligations judged again before the command returns.
 */
import { readFileSync } from 'node:fs';
import type { CliMessage } from '../i18n/cli-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { CalendarService, checkAnnouncement } from '../modules/settings/calendar.service.js';
import { Reevaluation } from '../modules/settings/reevaluation.js';
import { SettingsError } from '../modules/settings/settings.errors.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** Stored, but not yet judged again (the next evaluation is full). */
const EXIT_FAILED = 1;
import { cliActor } from './token.command.js';
import { withContext } from './with-application.js';

export async function runCalendarLoad(options: { file: string; lang?: string }, io: CliIo): Promise<number> {
  if (options.lang !== undefined && parseLang(options.lang) === null) {
    io.stderr.write(cliMessage('langInvalid', 'vi', options.lang) + '\n');
    return EXIT_USAGE;
  }
  const lang: Lang = parseLang(options.lang ?? io.env.DUNGHAN_LANG) ?? 'vi';
  const say = (key: CliMessage, values: Record<string, string | number>) => cliMessage(key, lang, values);
  const file = options.file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    io.stderr.write(say('calendarFileUnreadable', { file, reason }) + '\n');
    return EXIT_USAGE;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.stderr.write(say('calendarFileNotJson', { file, reason: (e as Error).message }) + '\n');
    return EXIT_USAGE;
  }
  let year: number;
  try {
    year = checkAnnouncement(json).year;
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    io.stderr.write(say('calendarFileInvalid', { file, reason: lang === 'vi' ? e.vi : e.en }) + '\n');
    return EXIT_USAGE;
  }
  return withContext(io, async (app) => {
    const calendar = app.get(CalendarService);
    const before = await calendar.year(year);
    const loaded = await calendar.loadYear(String(year), json, cliActor());
    // The context closes when the command returns: the re-evaluation must be done by then.
    const failure = await app.get(Reevaluation).outcome();
    const values = {
      year,
      days: (json as { days: unknown[] }).days.length,
      source: loaded.calendar.announcement ?? cliMessage('calendarNoSource', lang),
      replaced: cliMessage(before.derived ? 'calendarReplacedDerived' : 'calendarReplacedAnnounced', lang),
    };
    if (failure !== null) {
      io.stderr.write(say('calendarLoadedNotEvaluated', { ...values, reason: failure.message }) + '\n');
      return EXIT_FAILED;
    }
    io.stdout.write(say('calendarLoaded', values) + '\n');
    return EXIT_OK;
  });
}
