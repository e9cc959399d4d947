/**
 * Freezing a phase's scores at a review (DOMAIN.md §5): the stored records are evaluated as of an
 * instant, scored with their evidence, the council's decisions applied — the exemptions and score
 * adjustments standing at the freeze, made before or after that instant — and kept as a new version
 * only when something differs from the latest one. Nothing here changes a stored version; reading
 * one checks its checksum.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { Campaign, Phase } from '../../domain/scoring/campaign.js';
import { finalizeScores } from '../../domain/scoring/final-score.js';
import { computeScores } from '../../domain/scoring/score.js';
import type { PhaseExemption } from '../../domain/snapshots/snapshot-content.js';
import { buildSnapshotContent } from '../../domain/snapshots/snapshot-content.js';
import type { SnapshotDiff } from '../../domain/snapshots/snapshot-diff.js';
import { diffSnapshots } from '../../domain/snapshots/snapshot-diff.js';
import type { Instant } from '../../domain/time.js';
import { startOfLocalDay } from '../../domain/time.js';
import { checksum } from '../../infra/snapshots/checksum.js';
import { ReviewStore } from '../../infra/store/review-store.js';
import type { SnapshotSummary, StoredSnapshot } from '../../infra/store/snapshot-store.js';
import { SnapshotStore } from '../../infra/store/snapshot-store.js';
import type { StoredEvaluationSources } from '../evaluation/stored-evaluation.js';
import { evaluateStored } from '../evaluation/stored-evaluation.js';

export type SnapshotRequestProblem = 'phase_unknown' | 'version_unknown';

export class SnapshotRequestError extends Error {
  constructor(
    readonly problem: SnapshotRequestProblem,
    readonly value: string,
  ) {
    super(`${problem}: ${value}`);
  }
}

/** A stored version whose content no longer matches its checksum: never served as if it were fine. */
export class SnapshotIntegrityError extends Error {
  constructor(
    readonly phaseId: string,
    readonly version: number,
  ) {
    super(`review snapshot ${phaseId} v${version}: content does not match its checksum`);
  }
}

export interface FreezeResult {
  version: number;
  /** False when the content equals the latest version's: no new version was made. */
  created: boolean;
  checksum: string;
  asOf: Instant;
}

export interface SnapshotServiceDeps {
  store: SnapshotStore;
  /** The phase's score adjustments. */
  review: Pick<ReviewStore, 'phaseAdjustments'>;
  evaluationContext: StoredEvaluationSources;
  domain: DomainConfig;
  now: () => Instant;
  /** Brings the configuration up to date first (administrators' calendar and campaign changes). */
  refreshDomain?: () => Promise<void>;
}

export class SnapshotService {
  constructor(private readonly deps: SnapshotServiceDeps) {}

  /** The last instant of the phase: its end date, 23:59:59 local time. */
  static endOf(phase: Phase): Instant {
    return startOfLocalDay(phase.end + 1) - 1000;
  }

  async freeze(phaseId: string, options: { asOf?: Instant; by: string }): Promise<FreezeResult> {
    await this.deps.refreshDomain?.();
    const { phase, campaign } = this.phase(phaseId);
    const frozenAt = this.deps.now();
    const asOf = options.asOf ?? Math.min(SnapshotService.endOf(phase), frozenAt);
    // The review meets after the phase ends: what the council decided up to the freeze counts.
    const decidedBy = Math.max(asOf, frozenAt);
    const { dataset, evaluation, exemptions } = await evaluateStored(
      this.deps.evaluationContext,
      asOf,
      undefined,
      { exemptionsUntil: decidedBy },
    );
    const ofPhase = evaluation.obligations.filter((o) => o.phaseId === phase.id);
    const computed = computeScores(ofPhase, [campaign], dataset.people.values(), { withEvidence: true });
    const adjustments = (await this.deps.review.phaseAdjustments(phase.id)).filter((a) => a.at <= decidedBy);
    const entries = finalizeScores(computed, adjustments, [campaign], dataset.people.values());
    const exempt = new Map(ofPhase.filter((o) => o.status === 'exempt').map((o) => [o.id, o]));
    const applied = exemptions.flatMap((e): PhaseExemption[] => {
      const obligation = exempt.get(e.obligationId);
      return obligation === undefined || e.at > decidedBy
        ? []
        : [{ id: e.id, obligation, by: e.by, at: e.at, reason: e.reason }];
    });
    const content = buildSnapshotContent({
      phase,
      campaign,
      entries,
      units: dataset.units,
      people: dataset.people,
      exemptions: applied,
      adjustments,
    });
    const sum = checksum(content);
    const { version, created } = await this.deps.store.insertIfChanged({
      phaseId,
      frozenAt,
      asOf,
      frozenBy: options.by,
      checksum: sum,
      content,
    });
    return { version, created, checksum: sum, asOf };
  }

  list(phaseId: string): Promise<SnapshotSummary[]> {
    this.phase(phaseId);
    return this.deps.store.list(phaseId);
  }

  /** One version (the latest when omitted), its checksum verified. */
  async get(phaseId: string, version?: number): Promise<StoredSnapshot> {
    this.phase(phaseId);
    const snapshot = await this.deps.store.get(phaseId, version);
    if (snapshot === null)
      throw new SnapshotRequestError('version_unknown', `${phaseId} v${version ?? 'mới nhất'}`);
    if (checksum(snapshot.content) !== snapshot.checksum)
      throw new SnapshotIntegrityError(phaseId, snapshot.version);
    return snapshot;
  }

  async diff(phaseId: string, a: number, b: number): Promise<SnapshotDiff> {
    const [from, to] = await Promise.all([this.get(phaseId, a), this.get(phaseId, b)]);
    return diffSnapshots(from, to);
  }

  private phase(phaseId: string): { phase: Phase; campaign: Campaign } {
    for (const campaign of this.deps.domain.campaigns) {
      const phase = campaign.phases.find((p) => p.id === phaseId);
      if (phase !== undefined) return { phase, campaign };
    }
    throw new SnapshotRequestError('phase_unknown', phaseId);
  }
}
