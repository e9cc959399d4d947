/**
 * The figures the web pages show, live: the stored records evaluated now by the same engine as
 * everything else (with the standing exemptions), and the digest basis of the current ISO week —
 * so a unit head's page says what her Monday digest will say, as of this minute. Confidential
 * subjects are left out the way the digest leaves them out.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { WorkingCalendar } from '../../domain/calendar/calendar.js';
import { buildCalendar } from '../../domain/calendar/working-calendar.js';
import type { DigestBasis } from '../../domain/digests/digest-content.js';
import { digestBasis, isHiddenSubject } from '../../domain/digests/digest-content.js';
import { evaluate } from '../../domain/evaluate.js';
import type { Dataset } from '../../domain/model.js';
import type { Obligation } from '../../domain/rules/obligation.js';
import type { Instant } from '../../domain/time.js';
import { isoWeekOf, localDay } from '../../domain/time.js';
import type { ObligationStore } from '../../infra/store/obligation-store.js';

export interface LiveFigures {
  asOf: Instant;
  dataset: Dataset;
  calendar: WorkingCalendar;
  /** Every obligation whose subject may be shown, as evaluated now. */
  obligations: Obligation[];
  /** The same obligations by id: an obligation's page looks one up without a scan of the agency. */
  byId: ReadonlyMap<string, Obligation>;
  /** The same obligations per person: a drafter's home without a scan of the agency. */
  byPerson: ReadonlyMap<string, Obligation[]>;
  basis: DigestBasis;
}

export interface WebFiguresDeps {
  obligationStore: Pick<ObligationStore, 'loadDataset' | 'standingExemptions'>;
  domain: DomainConfig;
  now: () => Instant;
  /** Brings the configuration in force up to date (an administrator's calendar change). */
  refreshDomain: () => Promise<void>;
  /** Changes whenever the stored data or the exemptions do (WebReadStore.figuresVersion). */
  version: () => Promise<string>;
}

/** Figures are computed again at least this often, even when nothing they depend on changed. */
const FRESH_MS = 60_000;

export class WebFigures {
  private built: { key: string; calendar: WorkingCalendar } | null = null;
  /**
   * The last figures and what they were computed from: pages read in the same minute with nothing
   * changed share one evaluation instead of each loading and judging the agency again.
   */
  private cached: { version: string; config: string; figures: Promise<LiveFigures> } | null = null;

  constructor(private readonly deps: WebFiguresDeps) {}

  /** The working calendar in force, built again only when its content changed (a refresh replaces the object). */
  private calendarFor(key: string): WorkingCalendar {
    if (this.built?.key !== key) this.built = { key, calendar: buildCalendar(this.deps.domain.calendar) };
    return this.built.calendar;
  }

  async live(): Promise<LiveFigures> {
    const [, version] = await Promise.all([this.deps.refreshDomain(), this.deps.version()]);
    const now = this.deps.now();
    const { domain } = this.deps;
    const config = JSON.stringify([domain.calendar, domain.campaigns]);
    const c = this.cached;
    if (c !== null && c.version === version && c.config === config) {
      const figures = await c.figures.catch(() => null);
      if (figures !== null && now >= figures.asOf && now - figures.asOf < FRESH_MS) return figures;
    }
    const figures = this.compute(now, this.calendarFor(JSON.stringify(domain.calendar)));
    this.cached = { version, config, figures };
    return figures;
  }

  private async compute(asOf: number, calendar: WorkingCalendar): Promise<LiveFigures> {
    const [dataset, exemptions] = await Promise.all([
      this.deps.obligationStore.loadDataset(),
      this.deps.obligationStore.standingExemptions(),
    ]);
    const { domain } = this.deps;
    const evaluation = evaluate({
      dataset,
      asOf,
      calendar,
      campaigns: domain.campaigns,
      officialDomain: domain.settings.officialDomain,
      trackingStart: domain.settings.trackingStart,
      exemptions,
    });
    const obligations = evaluation.obligations.filter((ob) => !isHiddenSubject(ob, dataset));
    const basis = digestBasis({
      week: isoWeekOf(localDay(asOf)),
      asOf,
      obligations,
      dataset,
      campaigns: domain.campaigns,
      calendar,
    });
    const byId = new Map<string, Obligation>();
    const byPerson = new Map<string, Obligation[]>();
    for (const ob of obligations) {
      byId.set(ob.id, ob);
      if (ob.personId === null) continue;
      const own = byPerson.get(ob.personId);
      if (own === undefined) byPerson.set(ob.personId, [ob]);
      else own.push(ob);
    }
    return { asOf, dataset, calendar, obligations, byId, byPerson, basis };
  }
}
