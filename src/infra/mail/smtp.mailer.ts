/**
 * The SMTP driver: a pooled nodemailer transport (a few long-lived connections, TLS, auth), so a
 * slot's thousands of messages do not each pay a TCP and TLS handshake. Throws on failure with
 * nodemailer's error (its `permanent` flag tells a 5xx from a 4xx), for the retry policy; a
 * failure after the whole message went to the server is marked `ambiguous` (see `send`).
 */
import { PassThrough, pipeline } from 'node:stream';
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../config/mail.config.js';
import type { MailAddress, Mailer, OutgoingMail, SentMail } from './mailer.port.js';

export function toNodemailerMessage(mail: OutgoingMail, from: MailAddress) {
  return {
    from,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      ...(a.cid !== undefined ? { cid: a.cid } : {}),
    })),
    // The content is ours: never let it reach a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

const asList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v : String((v as { address?: string }).address)))
    : [];

export class SmtpMailer implements Mailer {
  private readonly transport;
  /** The Message-IDs of the messages being sent whose whole content the server has read. */
  private readonly handedOver = new Set<string>();

  constructor(
    settings: SmtpSettings,
    private readonly from: MailAddress,
  ) {
    this.transport = nodemailer.createTransport({
      pool: true,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTLS,
      auth: settings.auth ?? undefined,
      maxConnections: settings.maxConnections,
      maxMessages: settings.maxMessages,
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    // The message stream is read only once the server has answered DATA with 354: once the end
    // of its last stage has been read, the server has the whole message and the final dot.
    this.transport.use('stream', (sending, done) => {
      const messageId = String(sending.data.messageId);
      sending.message.processFunc((input) => {
        const watched = pipeline(input, new PassThrough(), () => undefined);
        watched.on('end', () => this.handedOver.add(messageId));
        return watched;
      });
      done();
    });
  }

  /**
   * A failure after the server read the whole message (the connection lost before its answer) is
   * ambiguous: the server may have accepted the message and be delivering it. Sending it again at
   * once would multiply copies, so the error says `ambiguous` and the caller decides.
   */
  async send(mail: OutgoingMail): Promise<SentMail> {
    let info;
    try {
      info = await this.transport.sendMail(toNodemailerMessage(mail, this.from));
    } catch (error) {
      // An answer (250 lost aside, a 4xx or 5xx) is not ambiguous: the server said what it did.
      const answered = typeof (error as { responseCode?: unknown }).responseCode === 'number';
      if (this.handedOver.has(mail.messageId) && !answered && error instanceof Error) {
        Object.assign(error, { failure: 'ambiguous' });
      }
      throw error;
    } finally {
      this.handedOver.delete(mail.messageId);
    }
    return {
      messageId: info.messageId ?? mail.messageId,
      accepted: asList(info.accepted),
      rejected: asList(info.rejected),
    };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
