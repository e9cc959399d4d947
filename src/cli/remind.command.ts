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
import { weekdayName } from '../domain/reminders/due-date-explainer.js';
import type { Stage } from '../domain/reminders/reminder-policy.js';
import type { NoSlotReason } from '../domain/reminders/reminder-slot.js';
import type { Instant } from '../domain/time.js';
import {
  formatDayVi,
  formatInstant,
  localDay,
  parseDay,
  parseInstant,
  startOfLocalDay,
} from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { RULE_LABELS } from '../i18n/labels.js';
import { mailerFor } from '../infra/mail/mailer.factory.js';
import type { ReminderState } from '../infra/database/entities/reminder.entities.js';
import type { StoredReminder } from '../infra/store/reminder-store.js';
import type { MessageOutcome, RemindResult } from '../modules/reminders/reminder.service.js';
import { Clock } from '../modules/core/clock.js';
import { DOMAIN_CONFIG, REMINDER_SETTINGS, SETTINGS } from '../modules/core/core.tokens.js';
import { ReminderService } from '../modules/reminders/reminder.service.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { OutputWriter } from './output-writer.js';
import { withContext } from './with-application.js';

export const EXIT_INCOMPLETE = 1;

const T = {
  vi: {
    asOf: (v: string) =>
      `--as-of ${v}: không phải thời điểm hợp lệ (YYYY-MM-DDTHH:mm+07:00, hoặc YYYY-MM-DD cho khe nhắc của ngày đó)`,
    lang: (v: string) => `--lang ${v}: chỉ nhận vi hoặc en`,
    config: (v: string) => `Cấu hình không dùng được: ${v}`,
    noSlot: {
      not_working_day: 'không phải ngày làm việc',
      before_slot: 'chưa đến giờ gửi nhắc',
      outside_office_hours: 'ngoài giờ hành chính',
    } as Record<NoSlotReason, string>,
    nothing: (at: string, why: string) => `Không gửi nhắc hạn lúc ${at}: ${why}.\n`,
    busy: 'Một lượt nhắc hạn khác đang chạy; lượt này không gửi gì.\n',
    slot: (when: string) => `Khe nhắc hạn ${when}`,
    dry: ' (chạy thử: không gửi, không ghi nhận)',
    summary: (
      sent: number,
      items: number,
      resent: number,
      pending: number,
      failed: number,
      dropped: number,
    ) =>
      `đã gửi ${sent} thư (${items} nhắc hạn), gửi lại ${resent}, chờ gửi lại ${pending}, bị từ chối ${failed}, bỏ ${dropped} nhắc hạn không còn đúng.`,
    planned: (n: number, items: number) => `sẽ gửi ${n} thư (${items} nhắc hạn).`,
    none: 'không có gì phải nhắc.',
    state: { planned: 'sẽ gửi', sent: 'đã gửi', failed: 'bị từ chối', pending: 'chờ gửi lại' },
    resentMark: ' (gửi lại)',
    interrupted: 'Máy chủ thư chưa nhận thư; phần còn lại sẽ được gửi ở lượt sau trong ngày.\n',
    driver: { smtp: 'qua SMTP', outbox: 'vào hộp thư đi (tệp .eml)' },
    stage: { before: 'sắp đến hạn', due: 'đến hạn', escalation: 'quá hạn' } as Record<Stage, string>,
    stored: { claimed: 'đang gửi', sent: 'đã gửi', failed: 'bị từ chối', dropped: 'bỏ' } as Record<
      ReminderState,
      string
    >,
    due: 'hạn',
    why: 'căn cứ',
    cc: 'đồng gửi',
    empty: 'Chưa có nhắc hạn nào được ghi nhận.\n',
    date: (v: string) => `--date ${v}: phải là ngày YYYY-MM-DD`,
    format: (v: string) => `--format ${v}: chỉ nhận table hoặc json`,
    state_: (v: string) => `--state ${v}: chỉ nhận claimed, sent, failed hoặc dropped`,
  },
  en: {
    asOf: (v: string) =>
      `--as-of ${v}: not a valid instant (YYYY-MM-DDTHH:mm+07:00, or YYYY-MM-DD for that day's slot)`,
    lang: (v: string) => `--lang ${v}: must be vi or en`,
    config: (v: string) => `Configuration cannot be used: ${v}`,
    noSlot: {
      not_working_day: 'not a working day',
      before_slot: 'before the reminder time',
      outside_office_hours: 'outside office hours',
    } as Record<NoSlotReason, string>,
    nothing: (at: string, why: string) => `No reminders at ${at}: ${why}.\n`,
    busy: 'Another reminder run is in progress; this one sent nothing.\n',
    slot: (when: string) => `Reminder slot ${when}`,
    dry: ' (dry run: nothing sent, nothing recorded)',
    summary: (
      sent: number,
      items: number,
      resent: number,
      pending: number,
      failed: number,
      dropped: number,
    ) =>
      `${sent} messages sent (${items} reminders), ${resent} re-sent, ${pending} left for the next run, ${failed} refused, ${dropped} reminders no longer due dropped.`,
    planned: (n: number, items: number) => `would send ${n} messages (${items} reminders).`,
    none: 'nothing to remind.',
    state: { planned: 'planned', sent: 'sent', failed: 'refused', pending: 'left for the next run' },
    resentMark: ' (re-sent)',
    interrupted: 'The mail server did not take the mail; the rest goes out on the next run today.\n',
    driver: { smtp: 'through SMTP', outbox: 'to the outbox (.eml files)' },
    stage: { before: 'due soon', due: 'due today', escalation: 'overdue' } as Record<Stage, string>,
    stored: { claimed: 'sending', sent: 'sent', failed: 'refused', dropped: 'dropped' } as Record<
      ReminderState,
      string
    >,
    due: 'due',
    why: 'why',
    cc: 'cc',
    empty: 'No reminders recorded yet.\n',
    date: (v: string) => `--date ${v}: must be a date YYYY-MM-DD`,
    format: (v: string) => `--format ${v}: must be table or json`,
    state_: (v: string) => `--state ${v}: must be claimed, sent, failed or dropped`,
  },
};

function slotText(slot: Instant, lang: Lang): string {
  const day = localDay(slot);
  return `${formatInstant(slot).slice(11, 16)} ${weekdayName(day, lang)} ${formatDayVi(day)}`;
}

function addressText(a: { name?: string | null; address: string }): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/** A date alone is that day's slot; anything else must be an instant with its offset. */
export function parseRemindAsOf(text: string, settings: ReminderSettings): Instant | null {
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
    return t.nothing(formatInstant(result.asOf), t.noSlot[result.noSlot ?? 'not_working_day']);
  }
  if (result.busy) return t.busy;
  const head = t.slot(slotText(result.slot.at, lang)) + (result.dryRun ? t.dry : driver ? ` ${driver}` : '');
  const items = (os: MessageOutcome[]) => os.reduce((n, o) => n + o.message.items.length, 0);
  const out: string[] = [];
  if (result.messages.length === 0 && result.dropped === 0) {
    out.push(`${head}: ${t.none}\n`);
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
          io.stderr.write(
            `${m.messageId}: attempt ${attempt} failed (${(error as Error).message}); retrying\n`,
          ),
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

export function storedView(r: StoredReminder) {
  return {
    slot: formatInstant(r.slot),
    state: r.state,
    stage: r.stage,
    rule: r.rule,
    obligationId: r.obligationId,
    dueDate: r.dueDate,
    to: { personId: r.recipient.personId, name: r.recipient.name, address: r.recipient.address },
    cc: r.cc.map((c) => ({ personId: c.personId, name: c.name, address: c.address })),
    subject: r.subject,
    item: r.label,
    why: r.why,
    messageId: r.messageId,
    sentAt: r.sentAt === null ? null : formatInstant(r.sentAt),
    attempts: r.attempts,
    error: r.lastError,
    droppedReason: r.droppedReason,
  };
}

/** `dunghan sent [--date YYYY-MM-DD] [--person ID] [--state S] [--limit N] [--format table|json]`. */
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
    day = parseDay(options.date);
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
