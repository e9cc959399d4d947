/** The API's one page of items, a score as answered, and who may see which unit's: shared by the scores and review controllers. */
import { formatInstant } from '../../domain/time.js';
import type { Page } from '../../infra/store/page.js';
import type { StoredScore } from '../../infra/store/score-store.js';
import type { Principal } from '../access/roles.js';

/**
 * A page as the API answers it — every list route, one shape: `page` (from 1) and `pageSize`, not the
 * store's limit and offset, and the `total` over every page.
 */
export interface ApiPage<V> {
  items: V[];
  page: number;
  pageSize: number;
  total: number;
}

export function pageView<T, V>(page: Page<T>, view: (t: T) => V, pageSize: number): ApiPage<V> {
  return { items: page.items.map(view), page: page.offset / pageSize + 1, pageSize, total: page.total };
}

/** What the OpenAPI description says of `limit` where it survives as an alias of `pageSize`. */
export const LIMIT_DEPRECATED =
  'Deprecated, removed in the next release: use pageSize (and page). Read as pageSize; not with pageSize.';

export const emptyPage = (paging: { page: number; pageSize: number }): ApiPage<never> => ({
  items: [],
  page: paging.page,
  pageSize: paging.pageSize,
  total: 0,
});

/**
 * The unit filter a caller may use: a unit head always her own unit (null — nothing to show — when
 * she asked for another); anyone else what they asked for.
 */
export function unitInSight(caller: Principal, asked: string | undefined): string | undefined | null {
  if (caller.role !== 'unit_head') return asked;
  return asked === undefined || asked === caller.unitId ? (caller.unitId ?? '') : null;
}

export const scoreView = (s: StoredScore) => ({ ...s, asOf: formatInstant(s.asOf) });
