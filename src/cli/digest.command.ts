/**
 * `dunghan digest --week 2025-W11 [--unit ID | --unit leadership] [--dry-run] [--lang vi|en]`:
 * prepares and sends the weekly digests that report that ISO week (the scheduler calls the same
 * service at 07:30 on the first working day of the following week). A digest already sent is
 * not sent again. `--dry-run` prints what would be sent, as of the slot (or now, for a week not
 * over yet), and stores and sends nothing.
 *
 * Exit 0 when every digest is sent (or was already), 1 when the mail server did not take one
 * (run it again: what was sent stays sent), 2 for a usage or configuration error. `--lang` sets
 * the language of these messages; the digests are in the configured language (dunghan.json).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { EnvError } from '../config/app-config.js';
import type { DomainConfig } from '../config/domain-config.loader.js';
import { ConfigError } from '../config/domain-config.loader.js';
import type { ReminderSettings } from '../config/reminders.loader.js';
import type { Settings } from '../config/settings.js';
import { formatInstantLocal, formatWeek } from '../domain/digests/digest-format.js';
import type { Instant } from '../domain/time.js';
import { parseIsoWeek } from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { mailerFor } from '../infra/mail/mailer.factory.js';
import type { Mailer } from '../infra/mail/mailer.port.js';
import { MailSendError } from '../infra/mail/retrying.mailer.js';
import type { DigestSendResult, SendOutcome } from '../modules/digests/digest.service.js';
import {
  DigestNotDueError,
  DigestNotFoundError,
  DigestRequestError,
  DigestService,
} from '../modules/digests/digest.service.js';
import { DOMAIN_CONFIG, REMINDER_SETTINGS, SETTINGS } from '../modules/core/core.tokens.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { OutputWriter } from './output-writer.js';
import { withContext } from './with-application.js';

export const EXIT_NOT_SENT = 1;

const T = {
  vi: {
    lang: (v: string) => `--lang ${v}: chỉ nhận vi hoặc en`,
    week: (v: string) => `--week ${v}: phải là một tuần ISO, ví dụ 2025-W11`,
    weekMissing: 'Thiếu --week: cho biết tuần cần tổng hợp, ví dụ --week 2025-W11',
    request: {
      week_invalid: (v: string) => `--week ${v}: phải là một tuần ISO, ví dụ 2025-W11`,
      week_without_working_day: (v: string) =>
        `Tuần ${v} không có ngày làm việc nào: không có bản tổng hợp cho tuần này (tuần trước đó được gửi vào ngày làm việc đầu tiên sau nó).`,
      unit_unknown: (v: string) => `--unit ${v}: không có đơn vị này trong dữ liệu đã nhập.`,
      unit_is_leadership: (v: string) =>
        `--unit ${v}: đây là đơn vị của lãnh đạo sở, nhận bản tổng hợp toàn Sở (--unit leadership).`,
    },
    notDue: (week: string, at: string) =>
      `Bản tổng hợp ${week} được gửi lúc ${at}; chưa đến lúc gửi. Dùng --dry-run để xem trước.`,
    config: (v: string) => `Cấu hình không dùng được: ${v}`,
    header: (week: string, at: string) => `Tổng hợp ${week.toLowerCase()}, số liệu tính đến ${at}`,
    dry: ' (chạy thử: không lưu, không gửi)',
    partial: ' — tuần chưa qua khe gửi, số liệu đến hiện tại',
    outcome: {
      sent: 'đã gửi',
      already_sent: 'đã gửi trước đó, không gửi lại',
      busy: 'một tiến trình khác đang gửi',
      no_recipient: 'không gửi: chưa có địa chỉ thư của người nhận',
    } as Record<SendOutcome, string>,
    stored: { same: 'đã lưu, trùng nội dung', changed: 'đã lưu với nội dung khác', none: 'chưa lưu' },
    to: 'gửi',
    nobody: '(không có người nhận)',
    summary: (sent: number, before: number, none: number) =>
      `Đã gửi ${sent}, đã gửi trước đó ${before}, không có người nhận ${none}.`,
    failed: (v: string) =>
      `Máy chủ thư chưa nhận thư (${v}). Các bản đã gửi được giữ nguyên; chạy lại lệnh để gửi phần còn lại.`,
    empty: 'Không có bản tổng hợp nào.',
  },
  en: {
    lang: (v: string) => `--lang ${v}: must be vi or en`,
    week: (v: string) => `--week ${v}: must be an ISO week such as 2025-W11`,
    weekMissing: 'Missing --week: name the week to report, e.g. --week 2025-W11',
    request: {
      week_invalid: (v: string) => `--week ${v}: must be an ISO week such as 2025-W11`,
      week_without_working_day: (v: string) =>
        `Week ${v} has no working day: it has no digest (the week before it goes out on the first working day after it).`,
      unit_unknown: (v: string) => `--unit ${v}: no such unit in the imported data.`,
      unit_is_leadership: (v: string) =>
        `--unit ${v}: this is the leadership's own unit; it receives the department digest (--unit leadership).`,
    },
    notDue: (week: string, at: string) =>
      `The digest of ${week} goes out at ${at}; it is not due yet. Use --dry-run to preview it.`,
    config: (v: string) => `Configuration cannot be used: ${v}`,
    header: (week: string, at: string) => `Digest of ${week.toLowerCase()}, figures as of ${at}`,
    dry: ' (dry run: nothing stored or sent)',
    partial: ' — the week’s slot has not come, figures up to now',
    outcome: {
      sent: 'sent',
      already_sent: 'already sent, not sent again',
      busy: 'another process is sending it',
      no_recipient: 'not sent: no address for the recipient',
    } as Record<SendOutcome, string>,
    stored: {
      same: 'stored, same content',
      changed: 'stored with different content',
      none: 'not stored yet',
    },
    to: 'to',
    nobody: '(nobody to send to)',
    summary: (sent: number, before: number, none: number) =>
      `${sent} sent, ${before} already sent, ${none} without a recipient.`,
    failed: (v: string) =>
      `The mail server did not take a message (${v}). What was sent stays sent; run the command again to send the rest.`,
    empty: 'No digest to prepare.',
  },
};

/** Sends nothing: a dry run must not reach a mail server even by mistake. */
const refusingMailer: Mailer = {
  send: () => Promise.reject(new Error('dry run: nothing is sent')),
  close: () => Promise.resolve(),
};

/** The composition validates the configuration at start: a bad file or variable is a usage error. */
async function withConfig(
  io: CliIo,
  lang: Lang,
  work: (app: INestApplicationContext) => Promise<number>,
): Promise<number> {
  try {
    return await withContext(io, work);
  } catch (e) {
    if (!(e instanceof ConfigError || e instanceof EnvError)) throw e;
    io.stderr.write(T[lang].config(e.message) + '\n');
    return EXIT_USAGE;
  }
}

const when = (at: Instant, lang: Lang) => formatInstantLocal(at, lang);

function resultLine(r: DigestSendResult, lang: Lang): string {
  const t = T[lang];
  const to = r.recipients.length > 0 ? `${t.to} ${r.recipients.join(', ')}` : t.nobody;
  return `${r.scope}: ${t.outcome[r.outcome]} — ${to}${r.subject ? `\n  ${r.subject}` : ''}${
    r.outcome === 'sent' && r.messageId ? `\n  Message-ID: ${r.messageId}` : ''
  }\n`;
}

export async function runDigest(
  options: { week?: string; unit?: string; dryRun?: boolean; lang?: string; resend?: string },
  io: CliIo,
): Promise<number> {
  const requested = options.lang !== undefined ? parseLang(options.lang) : parseLang(io.env.DUNGHAN_LANG);
  if (options.lang !== undefined && requested === null) {
    io.stderr.write(T.vi.lang(options.lang) + '\n');
    return EXIT_USAGE;
  }
  if (options.resend !== undefined) return resendDigest(options.resend, requested ?? 'vi', io);
  if (options.week === undefined || options.week === '') {
    io.stderr.write(T[requested ?? 'vi'].weekMissing + '\n');
    return EXIT_USAGE;
  }
  if (parseIsoWeek(options.week) === null) {
    io.stderr.write(T[requested ?? 'vi'].week(options.week) + '\n');
    return EXIT_USAGE;
  }
  const week = options.week;
  return withConfig(io, requested ?? 'vi', async (app) => {
    const lang: Lang = requested ?? app.get<DomainConfig>(DOMAIN_CONFIG).settings.language;
    const t = T[lang];
    const out = new OutputWriter(io.stdout);
    let mailer: Mailer = refusingMailer;
    if (options.dryRun !== true) {
      try {
        // The CLI's own mail driver, to print each retry as it happens.
        const settings = app.get<ReminderSettings>(REMINDER_SETTINGS);
        mailer = mailerFor(app.get<Settings>(SETTINGS).mail, settings, {
          onRetry: (m, attempt, error) =>
            io.stderr.write(
              `${m.messageId}: attempt ${attempt} failed (${(error as Error).message}); retrying\n`,
            ),
        }).mailer;
      } catch (e) {
        if (e instanceof ConfigError || e instanceof EnvError) {
          io.stderr.write(t.config(e.message) + '\n');
          return EXIT_USAGE;
        }
        throw e;
      }
    }
    const service = app.get(DigestService).withMailer(mailer);
    try {
      if (options.dryRun === true) {
        const preview = await service.preview(week, options.unit);
        await out.write(
          t.header(formatWeek(preview.week, lang), when(preview.asOf, lang)) +
            (preview.asOf < preview.slotAt ? t.partial : '') +
            t.dry +
            '\n',
        );
        if (preview.digests.length === 0) await out.write(t.empty + '\n');
        for (const d of preview.digests) {
          const stored = preview.storedHashes.get(d.scope);
          const state =
            stored === undefined
              ? t.stored.none
              : stored === d.contentHash
                ? t.stored.same
                : t.stored.changed;
          const to =
            d.recipients.length > 0 ? `${t.to} ${d.recipients.map((r) => r.address).join(', ')}` : t.nobody;
          await out.write(
            `\n=== ${d.scope} — ${to} — ${state}\n${d.subject}\nsha256 ${d.contentHash}\n\n${d.text}\n`,
          );
        }
        await out.flush();
        return EXIT_OK;
      }
      const results = await service.send(week, options.unit);
      const { slot } = service.slotOf(week);
      await out.write(t.header(formatWeek(slot.week, lang), when(slot.at, lang)) + '\n');
      for (const r of results) await out.write(resultLine(r, lang));
      const count = (o: SendOutcome) => results.filter((r) => r.outcome === o).length;
      await out.write(t.summary(count('sent'), count('already_sent'), count('no_recipient')) + '\n');
      await out.flush();
      return EXIT_OK;
    } catch (e) {
      await out.flush();
      if (e instanceof DigestRequestError) {
        io.stderr.write(t.request[e.reason](e.value) + '\n');
        return EXIT_USAGE;
      }
      if (e instanceof DigestNotDueError) {
        io.stderr.write(t.notDue(formatWeek(e.week, lang), when(e.slotAt, lang)) + '\n');
        return EXIT_USAGE;
      }
      if (e instanceof MailSendError) {
        io.stderr.write(t.failed(e.message) + '\n');
        return EXIT_NOT_SENT;
      }
      throw e;
    }
  });
}

/**
 * `dunghan digest --resend <id>`: sends a stored digest again, its content unchanged, to its
 * stored recipients, under a new Message-ID (the original stays the record of the first sending).
 */
async function resendDigest(id: string, lang: Lang, io: CliIo): Promise<number> {
  if (!/^\d+$/.test(id)) {
    io.stderr.write(
      lang === 'vi'
        ? `--resend ${id}: cần mã số của bản tổng hợp đã lưu\n`
        : `--resend ${id}: needs a stored digest's number\n`,
    );
    return EXIT_USAGE;
  }
  return withConfig(io, lang, async (app) => {
    const service = app.get(DigestService);
    try {
      const { digest, sent } = await service.resend(id);
      io.stdout.write(
        lang === 'vi'
          ? `Đã gửi lại bản tổng hợp ${id} (${digest.scope}, tuần ${digest.week}) đến ${sent.accepted.join(', ')} — Message-ID ${sent.messageId}\n`
          : `Re-sent digest ${id} (${digest.scope}, week ${digest.week}) to ${sent.accepted.join(', ')} — Message-ID ${sent.messageId}\n`,
      );
      return EXIT_OK;
    } catch (e) {
      if (e instanceof DigestNotFoundError) {
        io.stderr.write(lang === 'vi' ? `Không có bản tổng hợp số ${id}\n` : `No digest number ${id}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
  });
}
