/**
 * Evaluates what is stored and keeps the obligations with their history. After a sync only the
 * affected subjects are recomputed — the tasks and documents the sync touched, the tasks whose
 * obligations are still open (time alone moves them), and the weekly-schedule and mailbox
 * obligations, which are judged per unit and person and cost little — not the whole agency.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import { buildCalendar } from '../../domain/calendar/working-calendar.js';
import { evaluate } from '../../domain/evaluate.js';
import type { Instant } from '../../domain/time.js';
import type { EvaluationScope, ObligationStore } from '../../infra/store/obligation-store.js';

export interface EvaluationSummary {
  evaluationId: string;
  asOf: Instant;
  scope: EvaluationScope['kind'];
  subjects: number;
  obligations: number;
  changed: number;
  removed: number;
  ms: number;
}

export class EvaluationService {
  constructor(
    private readonly store: ObligationStore,
    private readonly config: DomainConfig,
  ) {}

  /**
   * `full`: everything stored. `pending`: what committed batches touched since the last evaluation
   * (whichever run committed them, a crashed one included), plus the open obligations. A changed
   * unit means everything: heads answer for everything. The pending subjects are cleared in the
   * same transaction that stores the result.
   */
  async evaluate(asOf: Instant, cause: string, mode: 'full' | 'pending'): Promise<EvaluationSummary> {
    const started = Date.now();
    return this.store.transaction(async (tx) => {
      const pending = await tx.pendingSubjects();
      const touched = pending.touched;
      let scope: EvaluationScope;
      if (mode === 'full' || touched.units) scope = { kind: 'full' };
      else {
        const documentIds = [...touched.documentIds];
        const taskIds = new Set([
          ...touched.taskIds,
          ...(await tx.openTaskIds()),
          ...(await tx.tasksOfDocuments(documentIds)),
        ]);
        scope = { kind: 'affected', taskIds: [...taskIds], documentIds };
      }
      const dataset = await tx.loadDataset(scope);
      const trackingStart = this.config.settings.trackingStart ?? (await tx.derivedTrackingStart(asOf));
      const evaluation = evaluate({
        dataset,
        asOf,
        calendar: buildCalendar(this.config.calendar),
        campaigns: this.config.campaigns,
        officialDomain: this.config.settings.officialDomain,
        trackingStart,
      });
      const id = await tx.startEvaluation(asOf, cause, scope);
      const result = await tx.replace(id, asOf, cause, scope, evaluation.obligations, dataset);
      await tx.finishEvaluation(id, result, evaluation.derivedYears, trackingStart);
      await tx.clearPending(scope.kind === 'full' ? 'all' : pending.rows);
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
        ms: Date.now() - started,
      };
    });
  }
}
