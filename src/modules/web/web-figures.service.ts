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
  basis: DigestBasis;
}

export interface WebFiguresDeps {
  obligationStore: Pick<ObligationStore, 'loadDataset' | 'standingExemptions'>;
  domain: DomainConfig;
  now: () => Instant;
  /** Brings the configuration in force up to date (an administrator's calendar change). */
  refreshDomain: () => Promise<void>;
}

export class WebFigures {
  private built: { options: DomainConfig['calendar']; calendar: WorkingCalendar } | null = null;

  constructor(private readonly deps: WebFiguresDeps) {}

  private get calendar(): WorkingCalendar {
    const options = this.deps.domain.calendar;
    if (this.built?.options !== options) this.built = { options, calendar: buildCalendar(options) };
    return this.built.calendar;
  }

  async live(): Promise<LiveFigures> {
    await this.deps.refreshDomain();
    const asOf = this.deps.now();
    const [dataset, exemptions] = await Promise.all([
      this.deps.obligationStore.loadDataset(),
      this.deps.obligationStore.standingExemptions(),
    ]);
    const calendar = this.calendar;
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
    return { asOf, dataset, calendar, obligations, basis };
  }
}
