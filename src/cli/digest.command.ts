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
import { formatInstantLocal, formatWeek } from '../presentation/formats.js';
import type { Instant } from '../domain/time.js';
import { parseIsoWeek } from '../domain/time.js';
import { DIGEST_TEXT } from '../i18n/cli-messages.js';
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
import { OutputWriter } from '../presentation/output-writer.js';
import { withContext } from './with-application.js';

export const EXIT_NOT_SENT = 1;

const T = DIGEST_TEXT;

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
  return `${t.digestOf(r.unitId)}: ${t.outcome[r.outcome]} — ${to}${r.subject ? `\n  ${r.subject}` : ''}${
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
          const stored = preview.storedHashes.get(d.unitId);
          const state =
            stored === undefined
              ? t.stored.none
              : stored === d.contentHash
                ? t.stored.same
                : t.stored.changed;
          const to =
            d.recipients.length > 0 ? `${t.to} ${d.recipients.map((r) => r.address).join(', ')}` : t.nobody;
          await out.write(
            `\n=== ${t.digestOf(d.unitId)} — ${to} — ${state}\n${d.subject}\nsha256 ${d.contentHash}\n\n${d.text}\n`,
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
    io.stderr.write(T[lang].resendInvalid(id) + '\n');
    return EXIT_USAGE;
  }
  return withConfig(io, lang, async (app) => {
    const service = app.get(DigestService);
    try {
      const { digest, sent } = await service.resend(id);
      io.stdout.write(
        T[lang].resent(
          id,
          T[lang].digestOf(digest.unitId),
          digest.week,
          sent.accepted.join(', '),
          sent.messageId,
        ) + '\n',
      );
      return EXIT_OK;
    } catch (e) {
      if (e instanceof DigestNotFoundError) {
        io.stderr.write(T[lang].notFound(id) + '\n');
        return EXIT_USAGE;
      }
      throw e;
    }
  });
}
