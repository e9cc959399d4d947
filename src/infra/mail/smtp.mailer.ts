/**
 * The SMTP driver: a pooled nodemailer transport (a few long-lived connections, TLS, auth), so a
 * slot's thousands of messages do not each pay a TCP and TLS handshake. Throws on failure with
 * nodemailer's error (its `permanent` flag tells a 5xx from a 4xx), for the retry policy.
 */
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
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transport.sendMail(toNodemailerMessage(mail, this.from));
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
