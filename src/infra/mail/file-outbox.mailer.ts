/**
 * The embedded mail driver: each message written as an RFC 822 `.eml` file under the outbox
 * folder (`<dataDir>/outbox/`), built by nodemailer's MailComposer exactly as the SMTP driver
 * would send it. The file is named after the Message-ID and written through a temporary file and
 * a rename, so a message sent again replaces its file: one Message-ID, one file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailAddress, Mailer, OutgoingMail, SentMail } from './mailer.port.js';
import { toNodemailerMessage } from './smtp.mailer.js';

/** A file name for a Message-ID: its readable part, plus a hash so two ids never share a name. */
export function outboxFileName(messageId: string): string {
  const bare = messageId.replace(/^<|>$/g, '');
  const readable = bare.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(bare).digest('hex').slice(0, 12);
  return `${readable}.${hash}.eml`;
}

export class FileOutboxMailer implements Mailer {
  private ready: Promise<unknown> | null = null;

  constructor(
    readonly dir: string,
    private readonly from: MailAddress,
  ) {}

  async send(mail: OutgoingMail): Promise<SentMail> {
    await (this.ready ??= mkdir(this.dir, { recursive: true }));
    const source = await new MailComposer(toNodemailerMessage(mail, this.from)).compile().build();
    const file = join(this.dir, outboxFileName(mail.messageId));
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, source);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const accepted = [...mail.to, ...(mail.cc ?? [])].map((a) => a.address);
    return { messageId: mail.messageId, accepted, rejected: [] };
  }

  async close(): Promise<void> {}
}
