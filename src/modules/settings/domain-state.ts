/**
 * The domain configuration in force: the files under config/ with what administrators changed
 * through the API on top (calendar days, campaigns), and every closed phase scored as it was
 * frozen. `refresh()` rebuilds it in place — the evaluation, the snapshots and the digests hold the
 * same DomainConfig object — and runs before every evaluation and freeze, so a change made through
 * one API replica reaches the workers' next evaluation.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { CalendarDayEntry, CalendarOptions, CalendarYearData } from '../../domain/calendar/calendar.js';
import type { Campaign } from '../../domain/scoring/campaign.js';
import { parseCampaigns } from '../../domain/scoring/campaign-config.js';
import type { FrozenPhase } from '../../domain/scoring/closed-phases.js';
import { applyClosedPhases } from '../../domain/scoring/closed-phases.js';
import { parseDay } from '../../domain/time.js';
import type { SettingsStore } from '../../infra/store/settings-store.js';
import type { SnapshotStore } from '../../infra/store/snapshot-store.js';

/** A stored campaign definition (the API's body, validated when it was stored) as a Campaign. */
export function parseCampaignDefinition(id: string, definition: unknown): Campaign {
  return parseCampaigns({ campaigns: [{ ...(definition as object), id }] })[0];
}

/** A change not yet stored, as a preview proposes it. */
export interface ProposedChange {
  /** An administrator's day override (replaces one stored for the same date). */
  calendarDay?: CalendarDayEntry;
  /** A year's announcement loaded (replaces the derived year or the shipped file). */
  calendarYear?: CalendarYearData;
  /** A campaign's new definition (replaces the campaign of the same id, or adds one). */
  campaign?: Campaign;
}

export interface Composed {
  calendar: CalendarOptions;
  campaigns: Campaign[];
  ignored: ReturnType<typeof applyClosedPhases>['ignored'];
}

export class DomainState {
  private readonly base: { calendar: CalendarOptions; campaigns: Campaign[] };
  /** The frozen settings, re-read only when a snapshot was added (their content can be large). */
  private frozen: { lastId: string | null; phases: Map<string, FrozenPhase> } = {
    lastId: null,
    phases: new Map(),
  };
  private readonly warned = new Set<string>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly snapshots: SnapshotStore,
    private readonly domain: DomainConfig,
  ) {
    this.base = { calendar: domain.calendar, campaigns: domain.campaigns };
  }

  /** The campaigns as configured (file, then administrators' changes), before closed phases split off. */
  async configuredCampaigns(): Promise<Campaign[]> {
    const rows = await this.settings.campaignOverrides();
    const changed = new Map(rows.map((r) => [r.id, parseCampaignDefinition(r.id, r.definition)]));
    const campaigns = this.base.campaigns.map((c) => changed.get(c.id) ?? c);
    for (const [id, c] of changed) if (!this.base.campaigns.some((b) => b.id === id)) campaigns.push(c);
    return campaigns;
  }

  /** Each closed phase's settings, from its latest frozen version. */
  async frozenPhases(): Promise<Map<string, FrozenPhase>> {
    const last = await this.snapshots.latestId();
    if (last === this.frozen.lastId) return this.frozen.phases;
    const rows = await this.snapshots.latestPhaseSettings();
    const phases = new Map<string, FrozenPhase>();
    for (const r of rows) {
      phases.set(r.phaseId, {
        phaseId: r.phaseId,
        name: r.phase.name,
        campaignId: r.phase.campaignId,
        campaignName: r.phase.campaignName,
        start: parseDay(r.phase.start)!,
        end: parseDay(r.phase.end)!,
        review: r.phase.review,
        weights: r.weights,
        ...(r.grades === null ? {} : { grades: r.grades }),
        ...(r.excellentTarget === null ? {} : { excellentTarget: r.excellentTarget }),
      });
    }
    this.frozen = { lastId: last, phases };
    return phases;
  }

  async calendarOverrides(): Promise<CalendarDayEntry[]> {
    const rows = await this.settings.calendarOverrides();
    return rows.map((r) => ({ date: r.date, kind: r.kind, reason: r.name, reasonEn: r.name }));
  }

  /**
   * The calendar and campaigns in force, with `change` made on top as storing it would make it: a
   * preview evaluates with this, and `refresh()` is this with no change, so the two cannot differ.
   */
  async composed(change: ProposedChange = {}): Promise<Composed> {
    // Four independent reads, side by side: every web page refreshes the configuration in force.
    const [stored, storedYears, configuredNow, frozen] = await Promise.all([
      this.calendarOverrides(),
      this.settings.calendarYears(),
      this.configuredCampaigns(),
      this.frozenPhases(),
    ]);
    const overrides =
      change.calendarDay === undefined
        ? stored
        : [...stored.filter((o) => o.date !== change.calendarDay!.date), change.calendarDay];
    const overridden = new Set(overrides.map((o) => o.date));
    // A loaded announcement is the year's whole truth: it replaces the shipped file or the derived year.
    const loaded =
      change.calendarYear === undefined
        ? storedYears
        : [...storedYears.filter((y) => y.year !== change.calendarYear!.year), change.calendarYear];
    const loadedYears = new Set(loaded.map((y) => y.year));
    const calendar: CalendarOptions = {
      ...this.base.calendar,
      announced: [...this.base.calendar.announced.filter((y) => !loadedYears.has(y.year)), ...loaded],
      // An administrator's day through the API wins over the same day in calendar-overrides.json.
      overrides: [...this.base.calendar.overrides.filter((o) => !overridden.has(o.date)), ...overrides],
    };
    let configured = configuredNow;
    if (change.campaign !== undefined) {
      const proposed = change.campaign;
      configured = configured.some((c) => c.id === proposed.id)
        ? configured.map((c) => (c.id === proposed.id ? proposed : c))
        : [...configured, proposed];
    }
    const { campaigns, ignored } = applyClosedPhases(configured, frozen);
    return { calendar, campaigns, ignored };
  }

  async refresh(): Promise<void> {
    const { calendar, campaigns, ignored } = await this.composed();
    this.domain.calendar = calendar;
    for (const i of ignored) {
      const key = `${i.campaignId}/${i.phaseId}/${i.field}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      // stderr, not a logger writing to stdout: `dunghan obligations --format json` must stay JSON.
      process.stderr.write(
        `dunghan: campaigns configuration: campaign ${i.campaignId}, phase ${i.phaseId}: ${i.field} differs from ` +
          `what the phase was frozen with at its review; the phase is closed, so the frozen value stays\n`,
      );
    }
    this.domain.campaigns = campaigns;
  }
}
