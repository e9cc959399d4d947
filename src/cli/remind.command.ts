/**
 * `dunghan remind --as-of ISO [--dry-run]`: sends the reminders due in the slot at that instant
 * (the scheduler calls the same service); `dunghan sent`: what was sent, to whom and why.
 *
 * `--as-of` takes an instant with its offset, or a date alone, which means that day's slot
 * (08:00): "remind for 06/05". Without it, now (or DUNGHAN_CLOCK). Exit 0 when everything due
 * was sent (or nothing was due), 1 when something is left for the next run (the mail server did
 * not take it) or was refused, 2 for a usage or configuration error.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { EnvError } from '../config/app-config.js';
import type { DomainConfig } from '../config/domain-config.loader.js';
import { ConfigError } from '../config/domain-config.loader.js';
import type { ReminderSettings } from '../config/reminders.loader.js';
import type { Settings } from '../config/settings.js';
import { weekdayName } from '../presentation/due-date-explainer.js';
import type { Instant } from '../domain/time.js';
import { formatDayVi, localDay, parseDay, parseInstant, startOfLocalDay } from '../domain/time.js';
import { REMIND_TEXT } from '../i18n/cli-messages.js';
import { formatDateTime, parseLocalDateTime } from '../presentation/formats.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { RULE_LABELS } from '../presentation/labels.js';
import { mailerFor } from '../infra/mail/mailer.factory.js';
import type { ReminderState } from '../infra/database/entities/reminder.entities.js';
import type { MessageOutcome, RemindResult } from '../modules/reminders/reminder.service.js';
import { Clock } from '../modules/core/clock.js';
import { DOMAIN_CONFIG, REMINDER_SETTINGS, SETTINGS } from '../modules/core/core.tokens.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { ReminderService } from '../modules/reminders/reminder.service.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { OutputWriter } from '../presentation/output-writer.js';
import { storedView } from '../presentation/reminder-view.js';
import { withContext } from './with-application.js';

export const EXIT_INCOMPLETE = 1;

const T = REMIND_TEXT;

/** `thứ Năm 02/05/2024 08:00 +07:00`: the weekday a clerk looks for, the time with its offset. */
function slotText(slot: Instant, lang: Lang): string {
  return `${weekdayName(localDay(slot), lang)} ${formatDateTime(slot)}`;
}

function addressText(a: { name?: string | null; address: string }): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/**
 * A date alone (`08/05/2024` or `2024-05-08`) is that day's slot; `08/05/2024 09:30` is that
 * time in Vietnam; anything else must be an instant with its offset.
 */
export function parseRemindAsOf(text: string, settings: ReminderSettings): Instant | null {
  const local = parseLocalDateTime(text);
  if (local !== null)
    return startOfLocalDay(local.day) + (local.minutes ?? settings.policy.slotMinutes) * 60_000;
  const day = parseDay(text);
  if (day !== null) return startOfLocalDay(day) + settings.policy.slotMinutes * 60_000;
  return parseInstant(text);
}

/** The composition validates the configuration at start: a bad file or variable is a usage error. */
async function withConfig(
  io: CliIo,
  requested: Lang | null,
  work: (app: INestApplicationContext) => Promise<number>,
): Promise<number> {
  try {
    return await withContext(io, work);
  } catch (e) {
    if (!(e instanceof ConfigError || e instanceof EnvError)) throw e;
    io.stderr.write(T[requested ?? 'vi'].config(e.message) + '\n');
    return EXIT_USAGE;
  }
}

function requestedLang(io: CliIo, lang: string | undefined): Lang | null | 'invalid' {
  if (lang !== undefined) return parseLang(lang) ?? 'invalid';
  return parseLang(io.env.DUNGHAN_LANG);
}

function writeMessage(out: string[], o: MessageOutcome, lang: Lang): void {
  const t = T[lang];
  const m = o.message;
  out.push(
    `  → ${addressText(m.to[0])}${m.cc.length > 0 ? ` (${t.cc}: ${m.cc.map(addressText).join(', ')})` : ''} — ` +
      `${t.state[o.state]}${o.resent ? t.resentMark : ''}${o.error ? ` — ${o.error}` : ''}\n`,
    `    ${m.subject}\n`,
  );
  for (const c of m.items) {
    out.push(
      `    • [${t.stage[c.item.stage]}] ${c.label} — ${t.due} ${formatDayVi(c.item.dueDate)} — ${t.why}: ${c.why}\n`,
    );
  }
}

export function formatRemindResult(result: RemindResult, lang: Lang, driver: string | null): string {
  const t = T[lang];
  if (result.slot === null) {
    return t.nothing(formatDateTime(result.asOf), t.noSlot[result.noSlot ?? 'not_working_day']);
  }
  if (result.busy) return t.busy;
  const head = t.slot(slotText(result.slot.at, lang)) + (result.dryRun ? t.dry : driver ? ` ${driver}` : '');
  const items = (os: MessageOutcome[]) => os.reduce((n, o) => n + o.message.items.length, 0);
  const out: string[] = [];
  const held = result.skipped.filter((s) => s.reason === 'unknown').length;
  if (result.messages.length === 0 && result.dropped === 0) {
    out.push(`${head}: ${t.none}\n`);
    if (held > 0) out.push(t.heldStale(held));
    return out.join('');
  }
  if (result.dryRun) out.push(`${head}: ${t.planned(result.messages.length, items(result.messages))}\n`);
  else {
    const by = (s: string) => result.messages.filter((o) => o.state === s);
    out.push(
      `${head}: ${t.summary(
        by('sent').length,
        items(by('sent')),
        result.messages.filter((o) => o.resent && o.state === 'sent').length,
        by('pending').length,
        by('failed').length,
        result.dropped,
      )}\n`,
    );
  }
  for (const o of result.messages) writeMessage(out, o, lang);
  if (held > 0) out.push(t.heldStale(held));
  if (result.interrupted) out.push(t.interrupted);
  return out.join('');
}

export async function runRemind(
  options: { asOf?: string; dryRun?: boolean; lang?: string },
  io: CliIo,
): Promise<number> {
  const requested = requestedLang(io, options.lang);
  if (requested === 'invalid') {
    io.stderr.write(T.vi.lang(options.lang ?? '') + '\n');
    return EXIT_USAGE;
  }
  return withConfig(io, requested, async (app) => {
    const lang = requested ?? app.get<DomainConfig>(DOMAIN_CONFIG).settings.language;
    const settings = app.get<ReminderSettings>(REMINDER_SETTINGS);
    let mail;
    try {
      // The CLI's own mail driver, to print each retry as it happens.
      mail = mailerFor(app.get<Settings>(SETTINGS).mail, settings, {
        onRetry: (m, attempt, error) =>
          io.stderr.write(T[lang].retry(m.messageId, attempt, (error as Error).message) + '\n'),
      });
    } catch (e) {
      if (e instanceof ConfigError || e instanceof EnvError) {
        io.stderr.write(T[lang].config(e.message) + '\n');
        return EXIT_USAGE;
      }
      throw e;
    }
    const asOf = options.asOf === undefined ? app.get(Clock).now() : parseRemindAsOf(options.asOf, settings);
    if (asOf === null) {
      io.stderr.write(T[lang].asOf(options.asOf ?? '') + '\n');
      await mail.mailer.close();
      return EXIT_USAGE;
    }
    const service = app.get(ReminderService).withMailer(mail.mailer);
    try {
      const result = await service.run(asOf, { dryRun: options.dryRun === true });
      const out = new OutputWriter(io.stdout);
      await out.write(formatRemindResult(result, lang, T[lang].driver[mail.driver]));
      await out.flush();
      return result.messages.some((o) => o.state === 'pending' || o.state === 'failed')
        ? EXIT_INCOMPLETE
        : EXIT_OK;
    } finally {
      await service.close();
    }
  });
}

const STORED_STATES: ReminderState[] = ['claimed', 'sent', 'failed', 'dropped'];

/** `dunghan sent [--date dd/mm/yyyy] [--person ID] [--state S] [--limit N] [--format table|json]`. */
export async function runSent(
  options: { date?: string; person?: string; state?: string; limit?: string; format?: string; lang?: string },
  io: CliIo,
): Promise<number> {
  const requested = requestedLang(io, options.lang);
  if (requested === 'invalid') {
    io.stderr.write(T.vi.lang(options.lang ?? '') + '\n');
    return EXIT_USAGE;
  }
  const usageLang: Lang = requested ?? 'vi';
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    io.stderr.write(T[usageLang].format(format) + '\n');
    return EXIT_USAGE;
  }
  let day: number | null = null;
  if (options.date !== undefined) {
    const typed = parseLocalDateTime(options.date);
    day = parseDay(options.date) ?? (typed?.minutes === null ? typed.day : null);
    if (day === null) {
      io.stderr.write(T[usageLang].date(options.date) + '\n');
      return EXIT_USAGE;
    }
  }
  const state = options.state as ReminderState | undefined;
  if (state !== undefined && !STORED_STATES.includes(state)) {
    io.stderr.write(T[usageLang].state_(options.state ?? '') + '\n');
    return EXIT_USAGE;
  }
  const limit = Math.min(Math.max(Number(options.limit ?? 200) || 200, 1), 100_000);
  return withContext(io, async (app) => {
    const lang = requested ?? app.get<DomainConfig>(DOMAIN_CONFIG).settings.language;
    const t = T[lang];
    if (options.person !== undefined && !(await app.get(ObligationStore).hasPerson(options.person))) {
      io.stderr.write(t.person(options.person) + '\n');
      return EXIT_USAGE;
    }
    const rows = await app.get(ReminderService).sent({
      ...(day !== null ? { from: startOfLocalDay(day), to: startOfLocalDay(day + 1) } : {}),
      ...(options.person !== undefined ? { personId: options.person } : {}),
      ...(state !== undefined ? { state } : {}),
      limit,
    });
    const out = new OutputWriter(io.stdout);
    if (format === 'json') {
      await out.write(JSON.stringify({ reminders: rows.map(storedView) }, null, 1) + '\n');
    } else if (rows.length === 0) {
      await out.write(t.empty);
    } else {
      for (const r of rows) {
        await out.write(
          `${slotText(r.slot, lang)}\t${t.stored[r.state]}\t${addressText(r.recipient)}` +
            `${r.cc.length > 0 ? ` (${t.cc}: ${r.cc.map(addressText).join(', ')})` : ''}\t` +
            `[${t.stage[r.stage]}] ${RULE_LABELS[lang][r.rule as keyof (typeof RULE_LABELS)['vi']] ?? r.rule}\t` +
            `${r.label}\t${t.due} ${formatDayVi(parseDay(r.dueDate) ?? 0)}\t${t.why}: ${r.why}\t${r.messageId}` +
            (r.lastError ? `\t${r.lastError}` : '') +
            (r.droppedReason ? `\t${r.droppedReason}` : '') +
            '\n',
        );
      }
    }
    await out.flush();
    return EXIT_OK;
  });
}
