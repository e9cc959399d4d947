/**
 * Evaluates what is stored and keeps the obligations with their history. After a sync only the
 * affected subjects are recomputed — the tasks and documents the sync touched; on a new day those
 * whose obligations are overdue or fall due (time alone moves them); those holding a fact after the
 * previous as-of, which may count now; and the weekly-schedule and mailbox obligations, which are
 * judged per unit and person and cost little — not the whole agency. The
 * standing exemptions are applied, and the stored scores are refreshed in the same transaction.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import { buildCalendar } from '../../domain/calendar/working-calendar.js';
import { evaluate } from '../../domain/evaluate.js';
import { dayChanged, futureSubjects } from '../../domain/future-subjects.js';
import { staleSources } from '../../domain/freshness.js';
import type { Instant } from '../../domain/time.js';
import type {
  EvaluationScope,
  ObligationStore,
  ObligationTransaction,
} from '../../infra/store/obligation-store.js';
import type { ScoreStore } from '../../infra/store/score-store.js';
import type { FreshnessService, JustSynced } from './freshness.service.js';

export interface EvaluationSummary {
  evaluationId: string;
  asOf: Instant;
  scope: EvaluationScope['kind'];
  subjects: number;
  obligations: number;
  changed: number;
  removed: number;
  /** Stored score rows after the refresh, and the refresh's own time (included in `ms`). */
  scores: number;
  scoresMs: number;
  ms: number;
  /** Where the time went, in order (milliseconds): printed by bench:sync and in the worker's log line. */
  steps: Record<EvaluationStep, number>;
}

export interface EvaluateOptions {
  /** The sync run this evaluation follows has brought its source's data: that source is fresh. */
  justSynced?: JustSynced;
  /** The calendar and campaigns to judge with instead of those in force (a preview, in a transaction it rolls back). */
  proposed?: Pick<DomainConfig, 'calendar' | 'campaigns'>;
}

export type EvaluationStep = 'scope' | 'load' | 'evaluate' | 'store' | 'scores' | 'finish';

export class EvaluationService {
  constructor(
    private readonly store: ObligationStore,
    private readonly config: DomainConfig,
    private readonly scores: ScoreStore,
    /** Brings the configuration up to date (administrators' calendar and campaign changes) first. */
    private readonly refreshDomain: () => Promise<void> = () => Promise.resolve(),
    /** Which sources are stale (docs/freshness.md); absent, every source counts as fresh. */
    private readonly freshness?: FreshnessService,
  ) {}

  /**
   * `full`: everything stored. `pending`: what committed batches touched since the last evaluation
   * (whichever run committed them, a crashed one included), plus the open obligations. A changed
   * unit means everything: heads answer for everything. The pending subjects are cleared in the
   * same transaction that stores the result.
   */
  async evaluate(
    asOf: Instant,
    cause: string,
    mode: 'full' | 'pending',
    options: EvaluateOptions = {},
  ): Promise<EvaluationSummary> {
    await this.refreshDomain();
    const summary = await this.store.transaction((tx) => this.evaluateIn(tx, asOf, cause, mode, options));
    if (summary.scope === 'full') await this.store.tidyAfterRewrite();
    return summary;
  }

  /**
   * The same, inside the caller's transaction (a review change and its re-evaluation commit
   * together).
   */
  async evaluateIn(
    tx: ObligationTransaction,
    asOf: Instant,
    cause: string,
    mode: 'full' | 'pending',
    options: EvaluateOptions = {},
  ): Promise<EvaluationSummary> {
    const calendar = options.proposed?.calendar ?? this.config.calendar;
    const campaigns = options.proposed?.campaigns ?? this.config.campaigns;
    const started = performance.now();
    const steps = {} as Record<EvaluationStep, number>;
    let mark = started;
    const step = (name: EvaluationStep) => {
      const now = performance.now();
      steps[name] = Math.round(now - mark);
      mark = now;
    };
    await tx.serialize();
    const pending = await tx.pendingSubjects();
    const touched = pending.touched;
    const latest = await tx.latestAsOf();
    const stale = staleSources(
      this.freshness === undefined ? [] : await this.freshness.at(asOf, options.justSynced, tx),
    );
    let scope: EvaluationScope;
    // An as-of before the latest one un-knows facts anywhere: everything is judged again.
    if (mode === 'full' || touched.units || latest === null || asOf < latest) scope = { kind: 'full' };
    else {
      // A source going stale moves verdicts within a day too; an unknown one waits for fresh data.
      const moved =
        dayChanged(latest, asOf) || stale.size > 0
          ? await tx.timeMovedSubjects(asOf)
          : { taskIds: [], documentIds: [] };
      const documentIds = [...new Set([...touched.documentIds, ...moved.documentIds])];
      const taskIds = new Set([
        ...touched.taskIds,
        ...moved.taskIds,
        ...(await tx.unknownSubjects()),
        ...(await tx.tasksOfDocuments(documentIds)),
      ]);
      scope = { kind: 'affected', taskIds: [...taskIds], documentIds };
    }
    step('scope');
    const dataset = await tx.loadDataset(scope);
    const trackingStart = this.config.settings.trackingStart ?? (await tx.derivedTrackingStart(asOf));
    const exemptions = await tx.standingExemptions();
    const staleness =
      stale.size === 0
        ? undefined
        : { sources: stale, recordSource: await tx.recordSources([...stale.keys()]) };
    step('load');
    const evaluation = evaluate({
      dataset,
      asOf,
      calendar: buildCalendar(calendar),
      campaigns,
      officialDomain: this.config.settings.officialDomain,
      trackingStart,
      exemptions,
      staleness,
    });
    step('evaluate');
    const id = await tx.startEvaluation(asOf, cause, scope);
    const result = await tx.replace(id, asOf, cause, scope, evaluation.obligations, dataset);
    step('store');
    const scores = await this.scores.refresh(tx.manager, {
      evaluationId: id,
      asOf,
      campaigns,
      changes: result.tallyChanges ?? undefined,
    });
    step('scores');
    await tx.finishEvaluation(id, result, evaluation.derivedYears, trackingStart);
    await tx.clearPending(scope.kind === 'full' ? 'all' : pending.rows);
    // What holds a fact after as-of is judged again next time, when that fact may count.
    const future = futureSubjects(dataset, asOf);
    const exempted = await tx.laterExemptionSubjects(asOf);
    await tx.markFuture({
      taskIds: [...future.taskIds, ...exempted.taskIds],
      documentIds: [...future.documentIds, ...exempted.documentIds],
    });
    step('finish');
    return {
      evaluationId: id,
      asOf,
      scope: scope.kind,
      subjects:
        scope.kind === 'full'
          ? dataset.tasks.size + dataset.documents.size
          : scope.taskIds.length + scope.documentIds.length,
      obligations: result.written,
      changed: result.changed,
      removed: result.removed,
      scores: scores.rows,
      scoresMs: scores.ms,
      ms: Math.round(performance.now() - started),
      steps,
    };
  }
}
