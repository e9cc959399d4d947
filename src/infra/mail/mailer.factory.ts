/**
 * Chooses the mail driver (twenty's email-driver.factory): SMTP when SMTP_URL is set, else the
 * file outbox; either way behind the one retry policy.
 */
import type { MailSettings } from '../../config/mail.config.js';
import { loadMailSettings } from '../../config/mail.config.js';
import { FileOutboxMailer } from './file-outbox.mailer.js';
import type { MailAddress, Mailer, RetryPolicy } from './mailer.port.js';
import { DEFAULT_RETRY } from './mailer.port.js';
import type { RetryObserver } from './retrying.mailer.js';
import { RetryingMailer } from './retrying.mailer.js';
import { SmtpMailer } from './smtp.mailer.js';

export interface MailerOptions {
  settings: MailSettings;
  /** The sender (name and address), from configuration. */
  from: MailAddress;
  retry?: RetryPolicy;
  observer?: RetryObserver;
}

export type MailDriver = 'smtp' | 'outbox';

export function mailDriverOf(settings: MailSettings): MailDriver {
  return settings.smtp === null ? 'outbox' : 'smtp';
}

export function createMailer(options: MailerOptions): Mailer {
  const { settings, from } = options;
  const driver =
    settings.smtp === null
      ? new FileOutboxMailer(settings.outboxDir, from)
      : new SmtpMailer(settings.smtp, from);
  return new RetryingMailer(driver, options.retry ?? DEFAULT_RETRY, options.observer);
}

/** The sender and retry policy a mailer takes from `config/reminders.json`. */
export interface MailerConfig {
  sender: { name: string | null; address: string };
  retry: RetryPolicy;
}

/** The mailer for validated settings: SMTP or the outbox, the sender and retry policy from configuration. */
export function mailerFor(
  settings: MailSettings,
  config: MailerConfig,
  observer?: RetryObserver,
): { mailer: Mailer; driver: MailDriver } {
  const from: MailAddress =
    config.sender.name === null
      ? { address: config.sender.address }
      : { name: config.sender.name, address: config.sender.address };
  return {
    mailer: createMailer({ settings, from, retry: config.retry, observer }),
    driver: mailDriverOf(settings),
  };
}

/**
 * The mailer for an environment: SMTP_URL from it, the outbox under `dataDir` (tests and
 * benchmarks; a process takes its mailer from the composition).
 */
export function mailerFromEnv(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  config: MailerConfig,
  observer?: RetryObserver,
): { mailer: Mailer; driver: MailDriver } {
  return mailerFor(loadMailSettings(env, dataDir), config, observer);
}
