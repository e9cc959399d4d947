/**
 * `npm run bench:mail` — reminders end to end (issue 4): 10,000 reminders for 2,000 people in one
 * slot, through the real service (plan → compose → claim in Postgres → send through the pooled
 * SMTP driver with its retry policy → confirm), to a local SMTP sink in a child process.
 *
 * The reference is a bare pooled nodemailer loop sending the same messages (the very objects the
 * service composed) with the same pool size and the same number in flight (`sendConcurrency` of
 * config/reminders.json), in the same run.
 * Rounds alternate which goes first; the figures are medians, the ratio the median of the
 * rounds' ratios (each round runs both back to back, so a busy moment hits both). After each service round the slot
 * is run again (it must send nothing) and the sink counts Message-IDs seen more than once:
 * the duplicates, which must be 0.
 *
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a scratch
 * database is made and dropped. BENCH_PEOPLE (2,000), BENCH_ROUNDS (5, after two warm-up rounds).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { openServices } from './support/services.js';
import { parseSmtpUrl } from '../src/config/mail.config.js';
import { loadReminderSettings } from '../src/config/reminders.loader.js';
import { createMailer } from '../src/infra/mail/mailer.factory.js';
import type { Mailer, OutgoingMail } from '../src/infra/mail/mailer.port.js';
import { toNodemailerMessage } from '../src/infra/mail/smtp.mailer.js';
import { ReminderService } from '../src/modules/reminders/reminder.service.js';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Rounds run first and not counted: the JIT warms both paths, as in a worker that has been up a while. */
const WARM_UP = 2;
const PER_UNIT = 50;
/** Thu 13 Mar 2025, an ordinary working week. */
const SLOT = Date.parse('2025-03-13T08:00:00+07:00');
const POOL = { maxConnections: 5, maxMessages: 100 };

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface SinkStats {
  received: number;
  distinct: number;
  duplicates: number;
}

class Sink {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<Sink> {
    const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'mail-sink.js'), [], {
      stdio: 'inherit',
    });
    const [message] = (await once(child, 'message')) as [{ port: number }];
    return new Sink(child, message.port);
  }

  private ask<T>(op: string): Promise<T> {
    const reply = once(this.child, 'message') as Promise<[T]>;
    this.child.send({ op });
    return reply.then(([m]) => m);
  }

  stats = () => this.ask<SinkStats>('stats');
  reset = () => this.ask<unknown>('reset');

  async stop(): Promise<void> {
    this.child.send({ op: 'stop' });
    await once(this.child, 'exit');
  }
}

/**
 * 2,000 people in units of 50 (the first of each is its head), each with five open obligations
 * reminded at 08:00 on Thu 13 Mar 2025: a plan due Fri 14 (before), one due Thu 13 (due day), one
 * due Wed 12 (escalation, head in copy), a draft due Fri 14 and one due Thu 13.
 */
async function seed(client: pg.Client): Promise<void> {
  const n = PEOPLE;
  await client.query(
    `INSERT INTO units (id, name, head_id, hash)
     SELECT 'U' || u, 'Phòng ' || u, 'P' || (u * ${PER_UNIT}), 'h' FROM generate_series(0, $1::int - 1) u`,
    [Math.ceil(n / PER_UNIT)],
  );
  await client.query(
    `INSERT INTO people (id, name, unit_id, role, email, active, hash)
     SELECT 'P' || i, 'Cán bộ ' || i, 'U' || (i / ${PER_UNIT}), CASE WHEN i % ${PER_UNIT} = 0 THEN 'unit_head' ELSE 'staff' END,
            'p' || i || '@hanam.gov.vn', true, 'h'
     FROM generate_series(0, $1::int - 1) i`,
    [n],
  );
  await client.query(
    `INSERT INTO documents (id, direction, confidentiality, date, number, subject, received_at, deadline, channel, unit_id, hash)
     SELECT 'D' || i, 'incoming', 'normal', '2025-03-03', i || '/UBND-KGVX', 'V/v triển khai nhiệm vụ ' || i,
            '2025-03-03T08:00:00+07:00', '2025-03-19', 'electronic', 'U' || (i / ${PER_UNIT}), 'h'
     FROM generate_series(0, $1::int - 1) i`,
    [n],
  );
  await client.query(
    `INSERT INTO tasks (id, document_id, title, unit_id, assignee_id, assigned_at, hash)
     SELECT k || i, CASE WHEN k = 'T' THEN 'D' || i END, t || ' của cán bộ ' || i, 'U' || (i / ${PER_UNIT}), 'P' || i,
            '2025-03-03T09:00:00+07:00', 'h'
     FROM generate_series(0, $1::int - 1) i,
          (VALUES ('T', 'Xây dựng dự thảo báo cáo'), ('A', 'Kế hoạch rà soát thủ tục'), ('B', 'Kế hoạch tuyên truyền'),
                  ('C', 'Kế hoạch kiểm tra nội bộ')) AS x(k, t)`,
    [n],
  );
  await client.query(
    `INSERT INTO drafts (id, task_id, drafter_id, unit_id, hash)
     SELECT k || i, 'T' || i, 'P' || i, 'U' || (i / ${PER_UNIT}), 'h'
     FROM generate_series(0, $1::int - 1) i, (VALUES ('S'), ('R')) AS x(k)`,
    [n],
  );
  await client.query(
    `INSERT INTO obligations (id, rule, subject_id, task_id, unit_id, person_id, due_date, status, tight, details, as_of, evaluation_id)
     SELECT o.rule || ':' || o.k || i, o.rule, o.k || i, CASE WHEN o.rule = 'plan' THEN o.k || i ELSE 'T' || i END,
            'U' || (i / ${PER_UNIT}), 'P' || i, o.due::date, o.status, false, o.details::jsonb, '2025-03-13T01:30:00+07:00', 1
     FROM generate_series(0, $1::int - 1) i,
          (VALUES
            ('plan', 'A', '2025-03-14', 'pending', '{"assignedOn":"2025-03-11","targetDate":null}'),
            ('plan', 'B', '2025-03-13', 'pending', '{"assignedOn":"2025-03-10","targetDate":null}'),
            ('plan', 'C', '2025-03-12', 'overdue', '{"assignedOn":"2025-03-07","targetDate":null}'),
            ('staff_submission', 'S', '2025-03-14', 'pending',
             '{"D":"2025-03-19","DSource":"document","U":"2025-03-17","S":"2025-03-14","R":"2025-03-03","unitDeadline":null,"extended":false}'),
            ('staff_submission', 'R', '2025-03-13', 'pending',
             '{"D":"2025-03-18","DSource":"document","U":"2025-03-14","S":"2025-03-13","R":"2025-03-03","unitDeadline":null,"extended":false}')
          ) AS o(rule, k, due, status, details)`,
    [n],
  );
}

/** Sends `mails` through a bare pooled nodemailer transport, `inFlight` at a time. */
async function bareLoop(
  transport: ReturnType<typeof nodemailer.createTransport>,
  mails: OutgoingMail[],
  from: { name: string; address: string },
  inFlight: number,
) {
  let next = 0;
  const lane = async () => {
    while (next < mails.length) {
      const mail = mails[next++];
      await transport.sendMail(toNodemailerMessage(mail, from));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

async function main(): Promise<void> {
  const dbName = `dunghan_bench_mail_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'dunghan-bench-mail-'));
  const sink = await Sink.start();
  const ctx = await openServices({
    DATABASE_URL: url.toString(),
    DUNGHAN_DATA_DIR: dataDir,
    DUNGHAN_WORKER_NAME: 'bench-mail',
  });
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await seed(db);
    const settings = loadReminderSettings(ctx.app.configDir);
    // Both loops keep as many messages in flight as the shipped configuration does.
    const IN_FLIGHT = settings.sendConcurrency;
    const smtpUrl = `smtp://127.0.0.1:${sink.port}?maxConnections=${POOL.maxConnections}&maxMessages=${POOL.maxMessages}`;
    const from = { name: settings.sender.name ?? 'Đúng hạn', address: settings.sender.address };
    const inner = createMailer({
      settings: { smtp: parseSmtpUrl(smtpUrl), outboxDir: dataDir },
      from,
      retry: settings.retry,
    });
    let captured: OutgoingMail[] = [];
    const recording: Mailer = {
      send: (mail) => {
        captured.push(mail);
        return inner.send(mail);
      },
      close: () => inner.close(),
    };
    const service = ctx.nest.get(ReminderService).withMailer(recording);
    const bare = nodemailer.createTransport({
      pool: true,
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      ...POOL,
    });

    process.stdout.write(
      `bench:mail — ${fmt(PEOPLE)} people, 5 reminders each, slot 2025-03-13 08:00; pool ${POOL.maxConnections} connections, ` +
        `${IN_FLIGHT} messages in flight; ${ROUNDS} rounds after ${WARM_UP} warm-up rounds\n`,
    );
    const serviceRates: number[] = [];
    const bareRates: number[] = [];
    const ratios: number[] = [];
    let duplicates = 0;
    let messages = 0;
    let reminders = 0;
    for (let round = 1 - WARM_UP; round <= ROUNDS; round++) {
      await db.query('DELETE FROM reminders; DELETE FROM reminder_messages');
      const runService = async () => {
        await sink.reset();
        captured = [];
        const t0 = performance.now();
        const result = await service.run(SLOT);
        const seconds = (performance.now() - t0) / 1000;
        const sent = result.messages.filter((m) => m.state === 'sent');
        if (sent.length !== result.messages.length)
          throw new Error(`only ${sent.length} of ${result.messages.length} sent`);
        messages = sent.length;
        reminders = sent.reduce((s, m) => s + m.message.items.length, 0);
        const again = await service.run(SLOT + 30 * 60_000);
        const stats = await sink.stats();
        const rows = await db.query<{ n: string; distinct_keys: string }>(
          `SELECT count(*)::text AS n, count(DISTINCT (r.obligation_id, r.stage, r.due_date))::text AS distinct_keys
           FROM reminders r JOIN reminder_messages m ON m.message_id = r.message_id WHERE m.state = 'sent'`,
        );
        const dup =
          stats.duplicates +
          again.messages.reduce((s, m) => s + m.message.items.length, 0) +
          (Number(rows.rows[0].n) - Number(rows.rows[0].distinct_keys));
        if (stats.received !== messages)
          throw new Error(`sink received ${stats.received}, service sent ${messages}`);
        const t = result.timings;
        process.stdout.write(
          `    service phases: plan ${t.planMs} ms, compose ${t.composeMs} ms, claim ${t.claimMs} ms, send+confirm ${t.sendMs} ms\n`,
        );
        return { rate: messages / seconds, seconds, dup };
      };
      const runBare = async () => {
        await sink.reset();
        const mails = captured;
        const t0 = performance.now();
        await bareLoop(bare, mails, from, IN_FLIGHT);
        const seconds = (performance.now() - t0) / 1000;
        const stats = await sink.stats();
        if (stats.received !== mails.length)
          throw new Error(`bare loop: sink received ${stats.received} of ${mails.length}`);
        return { rate: mails.length / seconds, seconds };
      };
      // The bare loop needs the service's messages first; later rounds alternate the order.
      let s: Awaited<ReturnType<typeof runService>>;
      let b: Awaited<ReturnType<typeof runBare>>;
      if (round % 2 === 1 || round <= 0) {
        s = await runService();
        b = await runBare();
      } else {
        b = await runBare();
        await db.query('DELETE FROM reminders; DELETE FROM reminder_messages');
        s = await runService();
      }
      const label = round <= 0 ? 'warm-up' : `round ${round}`;
      process.stdout.write(
        `  ${label}: service ${fmt(s.rate)} messages/s (${fmt(s.seconds, 2)} s), bare nodemailer ${fmt(b.rate)} messages/s ` +
          `(${fmt(b.seconds, 2)} s), ratio ${fmt(s.rate / b.rate, 2)}, duplicates ${s.dup}\n`,
      );
      duplicates += s.dup;
      if (round > 0) {
        serviceRates.push(s.rate);
        bareRates.push(b.rate);
        ratios.push(s.rate / b.rate);
      }
    }
    bare.close();
    await service.close();
    const sRate = median(serviceRates);
    const bRate = median(bareRates);
    process.stdout.write(
      `\nmessages per slot: ${fmt(messages)} (${fmt(reminders)} reminders)\n` +
        `service (plan, compose, claim, send, confirm): ${fmt(sRate)} messages/s (${fmt((sRate * reminders) / messages)} reminders/s)\n` +
        `bare pooled nodemailer loop, same messages:    ${fmt(bRate)} messages/s\n` +
        `ratio (median of the rounds' ratios; each round runs both back to back): ${fmt(median(ratios), 2)} (target ≥ 0.70)\n` +
        `duplicates: ${duplicates} (must be 0)\n`,
    );
    if (duplicates !== 0) process.exitCode = 1;
  } finally {
    await db.end();
    await ctx.close();
    await sink.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
