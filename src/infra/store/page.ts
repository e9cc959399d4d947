/** A page of a longer list, with the length of the whole list. */
export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface PageRequest {
  /** 1…1000; default 100. */
  limit?: number;
  /** ≥ 0; default 0. */
  offset?: number;
}

export const MAX_PAGE = 1000;

/** The page asked for, within bounds: callers validate what people typed; this only keeps queries sane. */
export function pageOf(request: PageRequest): { limit: number; offset: number } {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(request.limit ?? 100)));
  const offset = Math.max(0, Math.trunc(request.offset ?? 0));
  return { limit, offset };
}
