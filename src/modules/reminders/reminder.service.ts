/**
 * Sends the reminders due at an instant (issue 4): `dunghan remind --as-of` and the scheduler call
 * this same code. Plans with the pure planner, composes one message per person per slot, and
 * records each reminder under its unique key as part of sending (claim → send → confirm; the
 * protocol and why it never sends a recorded reminder twice are in ReminderStore).
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import { ConfigError } from '../../config/domain-config.loader.js';
import { taskLinker } from '../../config/task-url.js';
import type { SourceDefinition } from '../../infra/adapters/source-adapter.port.js';
import type { ReminderSettings } from '../../config/reminders.loader.js';
import type { WorkingCalendar } from '../../domain/calendar/calendar.js';
import { buildCalendar } from '../../domain/calendar/working-calendar.js';
import type { ReminderMessage } from '../../presentation/mail/reminder-composer.js';
import {
  composeMessage,
  composeReminders,
  groupByRecipient,
} from '../../presentation/mail/reminder-composer.js';
import type { ReminderItem, SkippedItem } from '../../domain/reminders/reminder-planner.js';
import type { MissedReminder } from '../../domain/reminders/reminder-planner.js';
import { isRemindable } from '../../domain/reminders/reminder-policy.js';
import { dueWindow, itemKey, planReminders, stageDay } from '../../domain/reminders/reminder-planner.js';
import type { NoSlotReason, Slot } from '../../domain/reminders/reminder-slot.js';
import { slotAt } from '../../domain/reminders/reminder-slot.js';
import { staleSources } from '../../domain/freshness.js';
import type { Instant } from '../../domain/time.js';
import { localDay, parseDay } from '../../domain/time.js';
import type { Lang } from '../../i18n/lang.js';
import type { Mailer, OutgoingMail } from '../../infra/mail/mailer.port.js';
import { mailFailureOf } from '../../infra/mail/retrying.mailer.js';
import type { ClaimMessage, SentFilter, StoredReminder } from '../../infra/store/reminder-store.js';
import type { ReminderStore } from '../../infra/store/reminder-store.js';
import type { Page } from '../../infra/store/page.js';
import type { FreshnessService } from '../evaluation/freshness.service.js';

/** `planned`: a dry run's; `pending`: claimed, not sent yet (the next run of the day sends it). */
export type MessageState = 'planned' | 'sent' | 'failed' | 'pending';

export interface MessageOutcome {
  message: ReminderMessage;
  state: MessageState;
  /** An orphan of a run that stopped before confirming it, sent again with its Message-ID. */
  resent: boolean;
  error: string | null;
}

export interface RemindResult {
  asOf: Instant;
  dryRun: boolean;
  slot: Slot | null;
  /** Why there is no slot at this instant (a day off, before 08:00, outside office hours). */
  noSlot: NoSlotReason | null;
  /** Another run holds the reminder lock: this one did nothing. */
  busy: boolean;
  messages: MessageOutcome[];
  /** Claimed reminders that were no longer due and will not be sent. */
  dropped: number;
  skipped: SkippedItem[];
  /** Sending stopped at a failure the mail server may get over; the rest stays claimed. */
  interrupted: boolean;
  /** Messages not even claimed because sending had stopped: a later run plans them again. */
  notClaimed: number;
  /** Where the time went: loading and planning, composing, claiming, sending and confirming. */
  timings: { planMs: number; composeMs: number; claimMs: number; sendMs: number };
}

export interface ReminderServiceDeps {
  store: ReminderStore;
  mailer: Mailer;
  /** The configuration in force; its calendar says which days are worked. */
  domain: DomainConfig;
  settings: ReminderSettings;
  /** The language of the messages. */
  lang: Lang;
  /** Who claims, in the records. */
  worker: string;
  /** Which sources are stale: no item may claim lateness resting on one (docs/freshness.md). */
  freshness?: FreshnessService;
  /** PUBLIC_URL: each item links to its page on the workspace; null or absent: no links. */
  publicUrl?: string | null;
  /** The sources as configured now (sources.json): those with `taskUrl` link items to the office system. */
  sources?: () => readonly SourceDefinition[];
}

const toMail = (m: ReminderMessage): OutgoingMail => ({
  messageId: m.messageId,
  to: m.to,
  cc: m.cc,
  subject: m.subject,
  text: m.text,
  html: m.html,
  headers: m.headers,
});

function claimOf(message: ReminderMessage): ClaimMessage {
  return {
    messageId: message.messageId,
    recipient: message.recipient,
    cc: [
      ...new Map(message.items.flatMap((c) => c.item.cc).map((r) => [r.address.toLowerCase(), r])).values(),
    ],
    subject: message.subject,
    items: message.items.map((c) => ({
      obligationId: c.item.obligationId,
      rule: c.item.rule,
      stage: c.item.stage,
      dueDate: c.item.dueDate,
      cc: c.item.cc,
      label: c.label,
      why: c.why,
    })),
  };
}

const storedKey = (r: Pick<StoredReminder, 'obligationId' | 'stage' | 'dueDate'>) =>
  `${r.obligationId}|${r.stage}|${r.dueDate}`;

/** Messages composed and claimed per transaction while earlier ones are being sent. */
const CLAIM_CHUNK = 200;

/** Claimed messages waiting for a sending lane; `stop` ends sending (the rest stays claimed). */
class SendQueue {
  private items: { message: ReminderMessage; resent: boolean }[] = [];
  private waiting: ((v: { message: ReminderMessage; resent: boolean } | null) => void)[] = [];
  private closed = false;
  stopped = false;

  push(item: { message: ReminderMessage; resent: boolean }): void {
    const waiter = this.waiting.shift();
    if (waiter !== undefined) waiter(item);
    else this.items.push(item);
  }

  /** The next message, or null once the queue is closed and empty. */
  next(): Promise<{ message: ReminderMessage; resent: boolean } | null> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(null);
  }

  stop(): void {
    this.stopped = true;
  }
}

/**
 * Confirms in groups: while one UPDATE is in flight, the confirmations that arrive wait for the
 * next, which takes them all — one commit for many messages when the mail server is fast, one
 * per message when it is slow. Each caller's promise settles when its own row is committed.
 */
class GroupCommit {
  private queue: { messageId: string; note: string | null; done: (e?: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly write: (batch: { messageId: string; note: string | null }[]) => Promise<void>,
  ) {}

  confirm(messageId: string, note: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ messageId, note, done: (e) => (e === undefined ? resolve() : reject(e)) });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.write(batch);
        for (const b of batch) b.done();
      } catch (e) {
        for (const b of batch) b.done(e ?? new Error('confirm failed'));
      }
    }
    this.running = false;
  }
}

export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  /** The office-system links; none while sources.json cannot be read (the sync reports why). */
  private taskLinks(): ReturnType<typeof taskLinker> | undefined {
    if (this.deps.sources === undefined) return undefined;
    try {
      return taskLinker(this.deps.sources());
    } catch (error) {
      if (error instanceof ConfigError) return undefined;
      throw error;
    }
  }

  /** The same service sending through another mail driver (the CLI's, with its progress lines). */
  withMailer(mailer: Mailer): ReminderService {
    return new ReminderService({ ...this.deps, mailer });
  }

  get settings(): ReminderSettings {
    return this.deps.settings;
  }

  /** Sends (or, with `dryRun`, only plans) what is due in the slot at `asOf`. */
  async run(asOf: Instant, options: { dryRun?: boolean } = {}): Promise<RemindResult> {
    const dryRun = options.dryRun === true;
    const base: RemindResult = {
      asOf,
      dryRun,
      slot: null,
      noSlot: null,
      busy: false,
      messages: [],
      dropped: 0,
      skipped: [],
      interrupted: false,
      notClaimed: 0,
      timings: { planMs: 0, composeMs: 0, claimMs: 0, sendMs: 0 },
    };
    // Built per run: an administrator's calendar change applies to the next slot.
    const calendar = buildCalendar(this.deps.domain.calendar);
    const decision = slotAt(asOf, this.deps.settings.policy, calendar);
    if (decision.slot === null) return { ...base, noSlot: decision.reason };
    const slot = decision.slot;
    const work = () => this.runSlot({ ...base, slot }, slot, calendar, asOf, dryRun);
    // A dry run writes nothing, so it needs no lock.
    const result = dryRun ? await work() : await this.deps.store.withRunLock(work);
    return result === 'busy' ? { ...base, slot, busy: true } : result;
  }

  private async runSlot(
    result: RemindResult,
    slot: Slot,
    calendar: WorkingCalendar,
    asOf: Instant,
    dryRun: boolean,
  ): Promise<RemindResult> {
    const { store, settings, lang } = this.deps;
    const policy = settings.policy;
    // Read once a run: sources.json may have changed since the process started (SourceCatalog).
    const taskUrl = this.taskLinks();
    let mark = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return Math.round(ms);
    };
    const window = dueWindow(slot.day, policy);
    const [candidates, directory] = await Promise.all([
      store.loadCandidates(Object.keys(policy.rules), window.from, window.to, asOf),
      store.loadDirectory(),
    ]);
    // Orphans: claimed by a run that stopped before confirming. An earlier day's are planned
    // again in this slot, late, while they still hold.
    const orphans = await store.orphans();
    const missed: MissedReminder[] = orphans
      .filter((row) => localDay(row.slot) !== slot.day)
      .map((row) => ({
        obligationId: row.obligationId,
        stage: row.stage,
        dueDate: parseDay(row.dueDate) ?? Number.NaN,
        day: localDay(row.slot),
      }));
    // Escalations held back while a source was stale are owed once the fresh data confirms the
    // obligation overdue: planned again, late, as a missed reminder is (it says why).
    for (const held of await store.onceUnknown(window.from, window.to)) {
      if (!isRemindable(held.rule)) continue;
      const stage = policy.rules[held.rule]?.find((s) => s.stage === 'escalation');
      if (stage === undefined) continue;
      const day = stageDay(stage, held.dueDate, calendar);
      if (day < slot.day)
        missed.push({
          obligationId: held.obligationId,
          stage: 'escalation',
          dueDate: held.dueDate,
          day,
          reason: 'stale',
        });
    }
    const stale =
      this.deps.freshness === undefined ? undefined : staleSources(await this.deps.freshness.at(asOf));
    const plan = planReminders({ slot, candidates, directory, policy, calendar, missed, stale });
    result.skipped = plan.skipped;
    const planned = new Map<string, ReminderItem>(plan.items.map((i) => [itemKey(i), i]));
    const remindedToday = new Set(
      plan.items.filter((i) => i.lateFrom === undefined).map((i) => i.obligationId),
    );
    const outgoing: { message: ReminderMessage; resent: boolean }[] = [];

    // 1. Orphans are sent again as the same message (same Message-ID), an earlier day's with a
    //    note that it is late; an item no longer due, or that this slot reminds anyway, is dropped.
    const byMessage = new Map<string, StoredReminder[]>();
    for (const row of orphans) {
      const group = byMessage.get(row.messageId);
      if (group === undefined) byMessage.set(row.messageId, [row]);
      else group.push(row);
    }
    for (const [messageId, rows] of byMessage) {
      const keep: ReminderItem[] = [];
      const stale: StoredReminder[] = [];
      const superseded: StoredReminder[] = [];
      for (const row of rows) {
        const item = planned.get(storedKey(row));
        if (item !== undefined) keep.push({ ...item, to: rows[0].recipient });
        else if (localDay(row.slot) !== slot.day && remindedToday.has(row.obligationId)) superseded.push(row);
        else stale.push(row);
        planned.delete(storedKey(row));
      }
      result.dropped += stale.length + superseded.length;
      if (!dryRun) {
        await store.drop(stale, 'no_longer_due');
        await store.drop(superseded, 'superseded');
      }
      if (keep.length === 0) continue;
      const [message] = composeReminders(keep, {
        slot,
        calendar,
        lang,
        publicUrl: this.deps.publicUrl,
        taskUrl,
      });
      outgoing.push({ message: { ...message, messageId }, resent: true });
    }

    // 2. What is due and has no record yet (a dropped one may be due again).
    const recorded = await store.recordedStates([
      ...new Set([...planned.values()].map((i) => i.obligationId)),
    ]);
    const fresh = [...planned.values()].filter((i) => {
      const state = recorded.get(itemKey(i));
      return state === undefined || state === 'dropped';
    });
    const groups = groupByRecipient(fresh);
    result.timings.planMs = lap();
    const options = { slot, calendar, lang, publicUrl: this.deps.publicUrl, taskUrl };
    if (dryRun) {
      const messages = groups.map((g) => composeMessage(g, options));
      result.timings.composeMs = lap();
      result.messages = [...outgoing, ...messages.map((message) => ({ message, resent: false }))].map(
        (o) => ({
          ...o,
          state: 'planned' as const,
          error: null,
        }),
      );
      return result;
    }

    // 3. Compose and claim in chunks, and send each chunk as soon as it is claimed: the mail
    //    server is busy with the first messages while the next are written and recorded.
    const queue = new SendQueue();
    for (const o of outgoing) queue.push(o);
    const producer = (async () => {
      try {
        for (let i = 0; i < groups.length; i += CLAIM_CHUNK) {
          if (queue.stopped) {
            result.notClaimed = groups.length - i;
            break;
          }
          let t = performance.now();
          const messages = groups.slice(i, i + CLAIM_CHUNK).map((g) => composeMessage(g, options));
          result.timings.composeMs += performance.now() - t;
          t = performance.now();
          await store.claim(slot.at, messages.map(claimOf), this.deps.worker);
          result.timings.claimMs += performance.now() - t;
          for (const message of messages) queue.push({ message, resent: false });
        }
      } finally {
        queue.close();
      }
    })();
    const sending = this.sendAll(queue);
    // Both finish before the run (and its lock) ends; a failure of either is the run's.
    const [claimed, sent] = await Promise.allSettled([producer, sending]);
    if (claimed.status === 'rejected') throw claimed.reason;
    if (sent.status === 'rejected') throw sent.reason;
    const outcomes = sent.value;
    result.timings.composeMs = Math.round(result.timings.composeMs);
    result.timings.claimMs = Math.round(result.timings.claimMs);
    result.timings.sendMs = lap();
    result.messages = outcomes;
    result.interrupted = outcomes.some((o) => o.state === 'pending') || result.notClaimed > 0;
    return result;
  }

  /** Sends what the queue yields, `sendConcurrency` at a time, each confirmed before its lane moves on. */
  private async sendAll(queue: SendQueue): Promise<MessageOutcome[]> {
    const { mailer, store } = this.deps;
    const confirms = new GroupCommit((batch) => store.markSent(batch));
    const outcomes: MessageOutcome[] = [];
    let fatal: unknown = null;
    const lane = async () => {
      for (;;) {
        const next = await queue.next();
        if (next === null) return;
        const outcome: MessageOutcome = { ...next, state: 'pending', error: null };
        outcomes.push(outcome);
        if (queue.stopped) continue;
        const { message } = next;
        try {
          let sent;
          try {
            sent = await mailer.send(toMail(message));
          } catch (e) {
            const refused = mailFailureOf(e) === 'refused';
            const error = (e as Error).message ?? String(e);
            await store.markFailed(message.messageId, error, refused);
            outcome.state = refused ? 'failed' : 'pending';
            outcome.error = error;
            // The server is down or we cannot log in: stop; the claimed rest goes out on a later run.
            if (!refused) queue.stop();
            continue;
          }
          // A lane sends its next message only once this one is recorded: at most one message
          // per lane can be sent and not yet recorded when the process dies.
          await confirms.confirm(
            message.messageId,
            sent.rejected.length > 0 ? `refused by the server: ${sent.rejected.join(', ')}` : null,
          );
          outcome.state = 'sent';
        } catch (e) {
          // The database failed us: what is claimed stays claimed, for the next run.
          fatal ??= e;
          queue.stop();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.settings.sendConcurrency) }, lane));
    if (fatal !== null) throw fatal;
    return outcomes;
  }

  /** What was sent, to whom and why (newest slot first). */
  sent(filter: SentFilter): Promise<StoredReminder[]> {
    return this.deps.store.list(filter);
  }

  /** A page of what was sent, with how many match the filter. */
  sentPage(filter: SentFilter): Promise<Page<StoredReminder>> {
    return this.deps.store.page(filter);
  }

  close(): Promise<void> {
    return this.deps.mailer.close();
  }
}
