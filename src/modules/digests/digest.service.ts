/**
 * Weekly digests (issue 4): prepared from the stored records as of the week's slot, stored once
 * per unit and week (the leadership's digest has no unit), sent once, re-sent on request from what was stored. The database decides
 * "once" (a unique key and a row lock), not the scheduler: any number of replicas may call
 * `send` for the same week.
 */
import { ConfigError } from '../../config/domain-config.loader.js';
import { taskLinker } from '../../config/task-url.js';
import type { SourceDefinition } from '../../infra/adapters/source-adapter.port.js';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { CalendarOptions, WorkingCalendar } from '../../domain/calendar/calendar.js';
import { buildCalendar } from '../../domain/calendar/working-calendar.js';
import { leadershipUnitIds } from '../../domain/digests/digest-content.js';
import type { DigestSlot } from '../../domain/digests/digest-schedule.js';
import { digestSlotAt, digestSlotFor, nextDigestSlotAfter } from '../../domain/digests/digest-schedule.js';
import type { Staleness } from '../../domain/freshness.js';
import { staleSources } from '../../domain/freshness.js';
import type { Recipient } from '../../domain/recipient.js';
import type { Instant, IsoWeek } from '../../domain/time.js';
import { parseIsoWeek } from '../../domain/time.js';
import type { Mailer, OutgoingMail, SentMail } from '../../infra/mail/mailer.port.js';
import type { ObligationStore } from '../../infra/store/obligation-store.js';
import type { StoredDigest } from '../../infra/store/digest-store.js';
import type { DigestStore } from '../../infra/store/digest-store.js';
import type { FreshnessService } from '../evaluation/freshness.service.js';
import type { RenderedDigest } from './digest-rendering.js';
import { LEADERSHIP, digestMessageId, digestUnitOf, planDigests, renderDigest } from './digest-rendering.js';

/** A request a person can fix: a bad week, an unknown unit. `reason` picks the message. */
export class DigestRequestError extends Error {
  constructor(
    readonly reason: 'week_invalid' | 'week_without_working_day' | 'unit_unknown' | 'unit_is_leadership',
    readonly value: string,
  ) {
    super(`${reason}: ${value}`);
  }
}

/** The week's slot has not come: sending now would store a digest of a week still under way. */
export class DigestNotDueError extends Error {
  constructor(
    readonly week: string,
    readonly slotAt: Instant,
  ) {
    super(`the digest of ${week} is due at ${new Date(slotAt).toISOString()}`);
  }
}

export class DigestNotFoundError extends Error {
  constructor(readonly digestId: string) {
    super(`no digest ${digestId}`);
  }
}

export interface PreparedWeek {
  week: string;
  asOf: Instant;
  digests: StoredDigest[];
  /** The units (null: the leadership's digest) with nobody to send to: not stored, reported. */
  withoutRecipients: (string | null)[];
}

export interface PreviewedWeek {
  week: string;
  /** The slot, or now when the slot has not come yet. */
  asOf: Instant;
  slotAt: Instant;
  digests: RenderedDigest[];
  /** The hash of what is stored, per unit already stored (null: the leadership's digest). */
  storedHashes: Map<string | null, string>;
}

export type SendOutcome = 'sent' | 'already_sent' | 'busy' | 'no_recipient';

export interface DigestSendResult {
  /** The unit the digest reports; null for the leadership's digest of all units. */
  unitId: string | null;
  week: string;
  outcome: SendOutcome;
  digestId: string | null;
  recipients: string[];
  subject: string | null;
  messageId: string | null;
}

export interface DigestServiceDeps {
  store: DigestStore;
  obligationStore: Pick<ObligationStore, 'loadDataset' | 'standingExemptions'> &
    Partial<Pick<ObligationStore, 'recordSources'>>;
  domain: DomainConfig;
  mailer: Mailer;
  now: () => Instant;
  worker: string;
  /** Which sources are stale: the digest names them and leaves what waits on them unjudged. */
  freshness?: FreshnessService;
  /** The digest time, minutes after local midnight (`digestTime` of `config/reminders.json`). */
  digestMinutes: number;
  /** PUBLIC_URL: a digest links the unit's page and each item's; null or absent: no links. */
  publicUrl?: string | null;
  /** The sources as configured now (sources.json): those with `taskUrl` link items to the office system. */
  sources?: () => readonly SourceDefinition[];
}

export class DigestService {
  private built: { options: CalendarOptions; calendar: WorkingCalendar } | null = null;

  /**
   * The office-system link of a task, from the sources that set `taskUrl` and the source each task
   * came from; none while sources.json cannot be read (the sync reports why).
   */
  private async taskLinks(): Promise<((taskId: string) => string | null) | undefined> {
    const { sources, obligationStore } = this.deps;
    if (sources === undefined || obligationStore.recordSources === undefined) return undefined;
    let linked: SourceDefinition[];
    try {
      linked = sources().filter((s) => s.taskUrl);
    } catch (error) {
      if (error instanceof ConfigError) return undefined;
      throw error;
    }
    if (linked.length === 0) return undefined;
    const sourceOf = await obligationStore.recordSources(linked.map((s) => s.name));
    const link = taskLinker(linked);
    return (taskId) => link({ id: taskId, source: sourceOf('task', taskId) });
  }

  constructor(private readonly deps: DigestServiceDeps) {}

  /** The same service sending through another mail driver (the CLI's, with its progress lines). */
  withMailer(mailer: Mailer): DigestService {
    return new DigestService({ ...this.deps, mailer });
  }

  /** The working calendar in force: rebuilt when an administrator's change replaced it. */
  private get calendar(): WorkingCalendar {
    const options = this.deps.domain.calendar;
    if (this.built?.options !== options) this.built = { options, calendar: buildCalendar(options) };
    return this.built.calendar;
  }

  /**
   * For the scheduler: the digest slot `instant` falls in (the digest time to the end of the first
   * working day of a week) and the week it reports, or null. Cron fires daily at the digest time and asks.
   */
  slotAt(instant: Instant): DigestSlot | null {
    return digestSlotAt(instant, this.calendar, this.deps.digestMinutes);
  }

  nextSlotAfter(instant: Instant): DigestSlot {
    return nextDigestSlotAfter(instant, this.calendar, this.deps.digestMinutes);
  }

  /** The slot of the digest reporting `week`; throws a DigestRequestError for a week that has none. */
  slotOf(week: string): { week: IsoWeek; slot: DigestSlot } {
    const parsed = parseIsoWeek(week);
    if (parsed === null) throw new DigestRequestError('week_invalid', week);
    const slot = digestSlotFor(parsed, this.calendar, this.deps.digestMinutes);
    if (slot === null) throw new DigestRequestError('week_without_working_day', week);
    return { week: parsed, slot };
  }

  /** The digests as they would be sent, stored or not; stores and sends nothing. */
  async preview(week: string, unit?: string): Promise<PreviewedWeek> {
    const { week: parsed, slot } = this.slotOf(week);
    const asOf = Math.min(slot.at, this.deps.now());
    const dataset = await this.deps.obligationStore.loadDataset();
    const wanted = this.wantedUnits(dataset, unit);
    const planned = planDigests({
      dataset,
      domain: this.deps.domain,
      calendar: this.calendar,
      week: parsed,
      asOf,
      wanted,
      exemptions: await this.deps.obligationStore.standingExemptions(),
      staleness: await this.staleness(asOf),
    });
    const digests: RenderedDigest[] = [];
    const taskUrl = await this.taskLinks();
    for (const p of planned)
      digests.push(
        await renderDigest(p, this.deps.domain.settings.language, this.deps.publicUrl ?? null, taskUrl),
      );
    return {
      week: slot.week,
      asOf,
      slotAt: slot.at,
      digests,
      storedHashes: await this.deps.store.storedHashes(slot.week),
    };
  }

  /**
   * Builds and stores the week's digests that are not stored yet (all units and the leadership,
   * or the one `unit`: a unit id or `leadership`), and returns what is stored. A digest already
   * stored is never rebuilt: re-sending it sends what was prepared.
   */
  async prepare(week: string, unit?: string): Promise<PreparedWeek> {
    const { week: parsed, slot } = this.slotOf(week);
    if (slot.at > this.deps.now()) throw new DigestNotDueError(slot.week, slot.at);
    const dataset = await this.deps.obligationStore.loadDataset();
    const wanted = this.wantedUnits(dataset, unit);
    const stored = await this.deps.store.storedHashes(slot.week);
    const planned = planDigests({
      dataset,
      domain: this.deps.domain,
      calendar: this.calendar,
      week: parsed,
      asOf: slot.at,
      wanted: (unitId) => wanted(unitId) && !stored.has(unitId),
      exemptions: await this.deps.obligationStore.standingExemptions(),
      staleness: await this.staleness(slot.at),
    });
    const withoutRecipients: (string | null)[] = [];
    const taskUrl = await this.taskLinks();
    for (const p of planned) {
      if (p.recipients.length === 0) {
        withoutRecipients.push(p.unitId);
        continue;
      }
      const rendered = await renderDigest(
        p,
        this.deps.domain.settings.language,
        this.deps.publicUrl ?? null,
        taskUrl,
      );
      await this.deps.store.insertIfAbsent({
        ...rendered,
        recipients: rendered.recipients.map(recipientRow),
        messageId: digestMessageId(slot.week, p.unitId),
        createdBy: this.deps.worker,
      });
    }
    const digests = (await this.deps.store.forWeek(slot.week)).filter((d) => wanted(d.unitId));
    return { week: slot.week, asOf: slot.at, digests, withoutRecipients };
  }

  /**
   * Prepares and sends the week's digests; each is sent at most once however often and from
   * however many processes this runs. Errors from the mailer propagate, so a job retries; what
   * was sent before the error stays sent.
   */
  async send(week: string, unit?: string): Promise<DigestSendResult[]> {
    const prepared = await this.prepare(week, unit);
    const results: DigestSendResult[] = [];
    for (const digest of prepared.digests) {
      const outcome = await this.deps.store.sendOnce(digest.id, (d) =>
        this.deps.mailer.send(mailOf(d, d.messageId)),
      );
      results.push({
        unitId: digest.unitId,
        week: digest.week,
        outcome,
        digestId: digest.id,
        recipients: digest.recipients.map((r) => r.address),
        subject: digest.subject,
        messageId: digest.messageId,
      });
    }
    for (const unitId of prepared.withoutRecipients) {
      results.push({
        unitId,
        week: prepared.week,
        outcome: 'no_recipient',
        digestId: null,
        recipients: [],
        subject: null,
        messageId: null,
      });
    }
    return results;
  }

  /** Sends a stored digest again exactly as stored, with a Message-ID of its own. */
  async resend(digestId: string): Promise<{ digest: StoredDigest; sent: SentMail }> {
    const result: { sent?: SentMail } = {};
    const digest = await this.deps.store.resend(digestId, async (d, n) => {
      result.sent = await this.deps.mailer.send(
        mailOf(d, n === 0 ? d.messageId : digestMessageId(d.week, d.unitId, n)),
      );
      return result.sent;
    });
    if (digest === null || result.sent === undefined) throw new DigestNotFoundError(digestId);
    return { digest, sent: result.sent };
  }

  /** The stale sources as of `asOf` and where each record came from; undefined while all are fresh. */
  private async staleness(asOf: Instant): Promise<Staleness | undefined> {
    const { freshness, obligationStore } = this.deps;
    if (freshness === undefined || obligationStore.recordSources === undefined) return undefined;
    const sources = staleSources(await freshness.at(asOf));
    if (sources.size === 0) return undefined;
    return { sources, recordSource: await obligationStore.recordSources([...sources.keys()]) };
  }

  /**
   * Which digests a request names (a unit id, or `leadership`); a named unit must exist and not be
   * the leadership's own.
   */
  private wantedUnits(
    dataset: Parameters<typeof leadershipUnitIds>[0],
    unit: string | undefined,
  ): (unitId: string | null) => boolean {
    if (unit === undefined) return () => true;
    if (unit !== LEADERSHIP) {
      if (!dataset.units.has(unit)) throw new DigestRequestError('unit_unknown', unit);
      if (leadershipUnitIds(dataset).has(unit)) throw new DigestRequestError('unit_is_leadership', unit);
    }
    const named = digestUnitOf(unit);
    return (unitId) => unitId === named;
  }
}

/** Only the recipient's fields are stored, whatever else the object carries. */
const recipientRow = (r: Recipient): Recipient => ({
  personId: r.personId,
  name: r.name,
  address: r.address,
});

function mailOf(d: StoredDigest, messageId: string): OutgoingMail {
  return {
    messageId,
    to: d.recipients.map((r) => (r.name ? { name: r.name, address: r.address } : { address: r.address })),
    subject: d.subject,
    text: d.text,
    html: d.html,
    attachments: [
      { filename: 'xu-huong-tuan.png', content: d.chartPng, contentType: 'image/png', cid: d.chartCid },
    ],
    headers: {
      // RFC 3834: an automatic message; out-of-office replies should not answer it.
      'Auto-Submitted': 'auto-generated',
      'X-Dunghan-Digest': `${d.unitId === null ? LEADERSHIP : `unit:${d.unitId}`} ${d.week}`,
    },
  };
}
