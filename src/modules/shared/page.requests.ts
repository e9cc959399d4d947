/**
 * The paging fields of every list route, declared once: `page` (from 1) and `pageSize` (1…max),
 * and, for the lists that once took `limit` (the newest N), `limit` read as the page size for one
 * release (deprecated; not with `pageSize`). A route's query DTO extends one of these.
 */
import { badParameter, intParameter, single } from './request-errors.js';
import { IntQuery, RequestField } from './request-dto.js';
import { LIMIT_DEPRECATED } from './page-view.js';

export interface Paging {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

/** `page` and `pageSize` (1…max, default `defaultSize`). */
export function pageQuery(max: number, defaultSize = 50) {
  class PageQuery {
    @IntQuery({ min: 1, max: 1_000_000, fallback: 1 }, { example: 1, description: 'From 1' })
    page!: number;
    @IntQuery(
      { min: 1, max, fallback: defaultSize },
      { example: defaultSize, description: `1…${max} (default ${defaultSize})` },
    )
    pageSize!: number;

    /** The stores' limit and offset. */
    get paging(): Paging {
      return {
        page: this.page,
        pageSize: this.pageSize,
        limit: this.pageSize,
        offset: (this.page - 1) * this.pageSize,
      };
    }
  }
  return PageQuery;
}

/** `page` and `pageSize`, and the deprecated `limit` read as `pageSize`. */
export function pageOrLimitQuery(max: number, defaultSize: number) {
  class PageOrLimitQuery extends pageQuery(max, defaultSize) {
    @RequestField(
      (value, field, raw) => {
        const text = single(field, value);
        if (text === undefined || text === '') return undefined;
        if (single('pageSize', raw.pageSize) !== undefined)
          throw badParameter(
            field,
            'đã thay bằng pageSize, không dùng cả hai',
            'is replaced by pageSize: do not send both',
          );
        return intParameter(field, text, defaultSize, 1, max);
      },
      { type: Number, deprecated: true, description: LIMIT_DEPRECATED },
    )
    limit?: number;

    override get paging(): Paging {
      const pageSize = this.limit ?? this.pageSize;
      return { page: this.page, pageSize, limit: pageSize, offset: (this.page - 1) * pageSize };
    }
  }
  return PageOrLimitQuery;
}
