/**
 * The mail port (STYLE.md: services depend on ports). Drivers: SMTP through nodemailer when
 * SMTP_URL is set, else a file outbox of `.eml` files under the data folder.
 */

export interface MailAddress {
  name?: string;
  address: string;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Set for an inline image referenced as `cid:<cid>` in the HTML. */
  cid?: string;
}

export interface OutgoingMail {
  /**
   * Deterministic `<…@dunghan>` id for this message (from its recipient and slot): a message that
   * is sent again after an ambiguous failure carries the same id, so mail systems can drop it.
   */
  messageId: string;
  to: MailAddress[];
  cc?: MailAddress[];
  subject: string;
  /** Plain-text alternative; always present. */
  text: string;
  html: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface Mailer {
  /** Sends one message; throws on failure so the caller's retry policy applies. */
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): Promise<void>;
}

/**
 * How a driver retries a send that may pass (the retrying driver applies it to every driver). The
 * port owns it so the mail settings (`config/reminders.json`) can name it without importing a driver.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, minTimeoutMs: 2000, maxTimeoutMs: 60_000, factor: 2 };
