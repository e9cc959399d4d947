/**
 * Preview, then apply (issue 13): what a calendar change, a campaign change or an exemption would
 * do to every obligation and score, before it is made. The change is checked exactly as applying
 * it checks it, then applied and evaluated inside a transaction that is always rolled back — the
 * same engine, the same stores, the same as-of — so the preview equals what applying produces and
 * the database is left as it was. Both sides are evaluated in full at the same as-of, so what time
 * alone would move since the last evaluation is not put down to the change.
 */
import type { ChangePreview, ScoreState } from '../../domain/change-preview.js';
import { comparePreview } from '../../domain/change-preview.js';
import type { Instant } from '../../domain/time.js';
import type { ObligationStore, ObligationTransaction } from '../../infra/store/obligation-store.js';
import type { ScoreStore } from '../../infra/store/score-store.js';
import type { Clock } from '../core/clock.js';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import type { ReviewService } from '../review/review.service.js';
import type { ExemptInput } from '../review/review.service.js';
import { checkExempt } from '../review/review.service.js';
import type { CalendarService } from '../settings/calendar.service.js';
import type { CampaignService } from '../settings/campaign.service.js';
import type { DomainState, ProposedChange } from '../settings/domain-state.js';

export interface PreviewDeps {
  obligations: ObligationStore;
  scores: ScoreStore;
  evaluation: EvaluationService;
  state: DomainState;
  calendar: CalendarService;
  campaigns: CampaignService;
  review: ReviewService;
  clock: Clock;
}

/** A preview and what it previews. */
export interface PreviewResult extends ChangePreview {
  /** `calendar:2025-05-05`, `calendar-year:2027`, `campaign:2025`, `exemption:<obligation id>`. */
  change: string;
  asOf: Instant;
}

export class PreviewService {
  constructor(private readonly deps: PreviewDeps) {}

  /** An administrator's day override (off or working, with its name). */
  async calendarDay(date: string, input: { kind: unknown; name: unknown }): Promise<PreviewResult> {
    const { entry } = this.deps.calendar.checkOverride(date, input);
    return this.settingsChange(`calendar:${date}`, { calendarDay: entry });
  }

  /** A year's announcement loaded (the shape of config/calendars/<year>.json). */
  async calendarYear(year: string, body: unknown): Promise<PreviewResult> {
    const data = this.deps.calendar.checkYear(year, body);
    return this.settingsChange(`calendar-year:${data.year}`, { calendarYear: data });
  }

  /** A campaign's new definition (weights, grades, phases, target). */
  async campaign(id: string, definition: unknown): Promise<PreviewResult> {
    const campaign = await this.deps.campaigns.check(id, definition);
    return this.settingsChange(`campaign:${id}`, { campaign });
  }

  /** An exemption of one obligation, as the council would grant it. */
  async exemption(input: ExemptInput): Promise<PreviewResult> {
    const checked = checkExempt(input);
    const change = `exemption:${checked.obligationId}`;
    const asOf = this.deps.clock.now();
    await this.deps.state.refresh();
    const preview = await this.deps.obligations.rehearse(async (tx) => {
      await this.deps.evaluation.evaluateIn(tx, asOf, `preview:${change}`, 'full');
      const before = await this.standing(tx);
      await this.deps.review.exemptIn(tx, checked);
      return comparePreview(before, await this.standing(tx));
    });
    return { change, asOf, ...preview };
  }

  private async settingsChange(change: string, proposed: ProposedChange): Promise<PreviewResult> {
    const asOf = this.deps.clock.now();
    await this.deps.state.refresh();
    const { calendar, campaigns } = await this.deps.state.composed(proposed);
    const preview = await this.deps.obligations.rehearse(async (tx) => {
      await this.deps.evaluation.evaluateIn(tx, asOf, `preview:${change}`, 'full');
      const before = await this.standing(tx);
      await this.deps.evaluation.evaluateIn(tx, asOf, `preview:${change}`, 'full', {
        proposed: { calendar, campaigns },
      });
      return comparePreview(before, await this.standing(tx));
    });
    return { change, asOf, ...preview };
  }

  private async standing(tx: ObligationTransaction) {
    const scores: ScoreState[] = (await this.deps.scores.all(tx.manager)).map((s) => ({
      phaseId: s.phaseId,
      level: s.level,
      subjectId: s.subjectId,
      unitId: s.unitId,
      score: s.score,
      grade: s.grade,
      rank: s.rank,
    }));
    return { obligations: await tx.obligationStates(), scores };
  }
}
