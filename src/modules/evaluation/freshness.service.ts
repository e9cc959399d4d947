/**
 * How fresh each configured source is, as of an instant (issue 13, docs/freshness.md): its last
 * good sync or push against its `freshWithinHours`. The evaluation turns the late and overdue
 * verdicts resting on a stale source into `unknown`; the digest, `/health` and `/metrics` name it.
 */
import type { SourceFreshness } from '../../domain/freshness.js';
import { DEFAULT_FRESH_WITHIN_HOURS, freshnessOf } from '../../domain/freshness.js';
import type { Instant } from '../../domain/time.js';
import type { ObligationTransaction } from '../../infra/store/obligation-store.js';
import type { SyncStore } from '../../infra/store/sync-store.js';
import type { SourceCatalog } from '../sync/source-catalog.service.js';

/** A run that has just brought a source's data and is not recorded as succeeded yet. */
export interface JustSynced {
  source: string;
  at: Instant;
}

export class FreshnessService {
  constructor(
    private readonly runs: Pick<SyncStore, 'lastGoodRuns'>,
    private readonly catalog: Pick<SourceCatalog, 'list'>,
  ) {}

  /**
   * Every enabled source's freshness as of `asOf`, by name; `within`: read in that transaction (an
   * evaluation's: the embedded database has one connection). A disabled source is left out: the
   * administrator stopped it on purpose, so nothing waits on it.
   */
  async at(
    asOf: Instant,
    justSynced?: JustSynced,
    within?: ObligationTransaction,
  ): Promise<SourceFreshness[]> {
    const lastGood = await this.runs.lastGoodRuns(asOf, within?.manager);
    if (justSynced !== undefined) {
      const known = lastGood.get(justSynced.source);
      if (known?.at == null || known.at < justSynced.at)
        lastGood.set(justSynced.source, { at: justSynced.at, later: known?.later ?? false });
    }
    return this.catalog
      .list()
      .filter((source) => source.enabled)
      .map((source) => {
        const good = lastGood.get(source.name);
        const window = source.freshWithinHours ?? DEFAULT_FRESH_WITHIN_HOURS;
        // Judging an instant before the first good run, with data read after it (a replay, an
        // evaluation as of the past): what is stored is not older than the instant.
        if (good !== undefined && good.at === null && good.later)
          return freshnessOf(source.name, asOf, window, asOf);
        return freshnessOf(source.name, good?.at ?? null, window, asOf);
      })
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }
}
