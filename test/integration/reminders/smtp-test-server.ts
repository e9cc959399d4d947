/**
 * A real SMTP server on 127.0.0.1 (an ephemeral port) for the reminder tests: every message it
 * accepts is kept raw and parsed by mailparser. It can refuse the next N messages with a 4xx
 * (after reading them, like a server whose queue is full), require TLS and a password, be
 * stopped (an outage) and started again on the same port, hold a message before answering, and
 * read a message whole then drop the connection without answering (an ambiguous failure: a real
 * server might deliver it).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  /** SMTP envelope: who the server was asked to deliver to. */
  rcpt: string[];
  from: string;
  messageId: string;
}

export interface TestSmtpOptions {
  /** Implicit TLS with smtp-server's built-in self-signed certificate. */
  secure?: boolean;
  auth?: { user: string; pass: string };
}

type Verdict = 'accept' | 'refuse' | 'drop';
type Hold = (mail: { raw: string; rcpt: string[] }) => Promise<Verdict>;

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Messages refused with 451 so far. */
  refused = 0;
  /** The Message-IDs of the messages read whole and left unanswered (connection dropped). */
  readonly dropped: string[] = [];
  private refuseNext = 0;
  private refuseCode = 451;
  private server: SMTPServer | null = null;
  private hold: Hold | null = null;
  port = 0;

  constructor(private readonly options: TestSmtpOptions = {}) {}

  /** Refuse the next `n` messages: `451 4.3.0 try again later`, or another code (550: for good). */
  refuse(n: number, code = 451): void {
    this.refuseNext = n;
    this.refuseCode = code;
  }

  /** Decide each message's fate (after it is read, before the reply) with `hold`. */
  holdWith(hold: Hold | null): void {
    this.hold = hold;
  }

  url(query = ''): string {
    const auth = this.options.auth
      ? `${encodeURIComponent(this.options.auth.user)}:${encodeURIComponent(this.options.auth.pass)}@`
      : '';
    const q = this.options.secure ? `rejectUnauthorized=false${query ? '&' + query : ''}` : query;
    return `${this.options.secure ? 'smtps' : 'smtp'}://${auth}127.0.0.1:${this.port}${q ? '?' + q : ''}`;
  }

  async start(port = 0): Promise<this> {
    const server = new SMTPServer({
      secure: this.options.secure === true,
      authOptional: this.options.auth === undefined,
      // Without a certificate the client would refuse our STARTTLS; implicit TLS is tested apart.
      disabledCommands: this.options.secure ? [] : ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        const ok = auth.username === this.options.auth?.user && auth.password === this.options.auth?.pass;
        callback(ok ? null : Object.assign(new Error('5.7.8 bad credentials'), { responseCode: 535 }), {
          user: auth.username,
        });
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const rcpt = session.envelope.rcptTo.map((a) => a.address);
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          void this.decide(raw, rcpt).then(async (verdict) => {
            if (verdict === 'drop') {
              this.dropped.push((await simpleParser(raw)).messageId ?? '');
              const connections = (this.server as unknown as { connections?: Set<SessionConnection> })
                .connections;
              for (const c of connections ?? []) if (c.id === session.id) c.close();
              return;
            }
            if (verdict === 'refuse') {
              this.refused++;
              const text = this.refuseCode >= 500 ? '5.1.1 mailbox unavailable' : '4.3.0 try again later';
              callback(Object.assign(new Error(text), { responseCode: this.refuseCode }));
              return;
            }
            const parsed = await simpleParser(raw);
            this.received.push({ raw, parsed, rcpt, from, messageId: parsed.messageId ?? '' });
            callback(null, 'queued');
          });
        });
      },
    });
    server.on('error', () => undefined);
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  private async decide(raw: string, rcpt: string[]): Promise<Verdict> {
    if (this.refuseNext > 0) {
      this.refuseNext--;
      return 'refuse';
    }
    return this.hold === null ? 'accept' : this.hold({ raw, rcpt });
  }

  /** Stops listening and drops the open connections: the mail server is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    // Connections a pooled client keeps open would hold close() for its timeout: end them.
    const connections = (server as unknown as { connections?: Set<{ close(): void }> }).connections;
    for (const c of connections ?? []) c.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `n` messages have been received (or rejects after `ms`). */
  async waitFor(n: number, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (this.received.length < n) {
      if (Date.now() > until) throw new Error(`waited for ${n} messages, got ${this.received.length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Messages received for an address (To, Cc or envelope). */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.rcpt.includes(address));
  }

  clear(): void {
    this.received.length = 0;
    this.refused = 0;
    this.dropped.length = 0;
  }
}

interface SessionConnection {
  id: string;
  close(): void;
}

export function addresses(field: ParsedMail['to'] | ParsedMail['cc']): string[] {
  if (field === undefined) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).sort();
}
