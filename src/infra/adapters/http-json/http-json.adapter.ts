/**
 * A configurable pull from a REST API that returns JSON (SOURCES.md §2): for each configured
 * resource, pages of records are fetched, mapped to bundle records by a declarative field mapping
 * and handed on one page per batch.
 *
 * Incremental pulls work in passes. A pass sends the `updatedSince` mark of the last completed
 * pass and walks the pages; the mark is kept fixed during the pass (changing it mid-pass would
 * renumber the pages under the walk) and raised to the highest record timestamp seen once the
 * pass reaches its last page. The cursor stores, per resource, that mark and the position of the
 * pass in progress, so a sync that stops mid-pass resumes at the next page.
 *
 * Servers repeat records: offset paging shifts when records change between two page requests, a
 * gateway retries and serves a page again, and `updatedSince` is usually inclusive. Within one
 * pull a record identical to one already handed on is dropped, so a repeated page causes no work;
 * a record that comes again with different content is an update and passes.
 *
 * Offset (`page`) paging can still miss a record that moves to an earlier page while the pass
 * walks past it; that is the paging scheme's limit, not this adapter's. Prefer `cursor` paging
 * where the API offers it.
 */
import type { BundleArray } from '../../../domain/bundle/record-kind.js';
import { formatInstant, lacksOffset, parseInstant } from '../../../domain/time.js';
import type {
  AdapterIssue,
  BundlePart,
  SourceAdapter,
  SourceBatch,
  SourceLimits,
} from '../source-adapter.port.js';
import { DEFAULT_SOURCE_LIMITS } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { FieldMapper, type FieldMapping, readPath } from './field-mapping.js';
import {
  type HttpAuth,
  HttpJsonClient,
  HttpSourceError,
  type RateLimitOptions,
  type RetryOptions,
  describeUrl,
} from './http-json.client.js';
import { type Clock, systemClock } from './token-bucket.js';

export type { HttpAuth, RateLimitOptions, RetryOptions } from './http-json.client.js';
export type { FieldMapping, FieldRule } from './field-mapping.js';

/** A bundle record array (record-kind.ts): what one configured resource of the API delivers. */
export type ResourceKind = Exclude<BundleArray, 'deleted'>;

export type Paging =
  | {
      type: 'page';
      pageParam: string;
      sizeParam: string;
      size: number;
      /** The first page's number; default 1. */
      startAt?: number;
    }
  | {
      type: 'cursor';
      cursorParam: string;
      /** Dot path in the answer to the next page's cursor; absent, null or empty on the last page. */
      nextCursorField: string;
    };

export interface Incremental {
  /** The query parameter that asks for records changed since a time (`updatedSince`). */
  param: string;
  /**
   * Source dot path of each record's change time; the mark advances to the highest one seen,
   * written back as the server wrote it. Absent: the mark is the time the pass began (by the
   * adapter's clock), which trusts the two clocks to agree.
   */
  field?: string;
}

export interface HttpJsonResource {
  kind: ResourceKind;
  /** Path under `baseUrl` (`/api/v1/van-ban`); may carry a query. */
  path: string;
  /** Dot path in the answer to the array of records (`data.items`); `''`: the answer is the array. */
  itemsField: string;
  /** Bundle field → source field. Absent: the source already speaks the bundle's names. */
  mapping?: FieldMapping;
  /** Fixed query parameters (`{ "loai": "den" }`). */
  query?: Readonly<Record<string, string>>;
  /** Overrides the adapter's paging for this resource. */
  paging?: Paging;
  /** Overrides the adapter's incremental setting; `false`: this endpoint has no change filter. */
  incremental?: Incremental | false;
  /** Source dot path of a deletion flag: a record with a truthy flag becomes a tombstone. */
  deletedField?: string;
  /** The resource's key in the cursor; default `<kind> <path>`. Changing it starts the resource over. */
  name?: string;
}

export interface HttpJsonAdapterOptions {
  /** `https://host/prefix`; resources' paths are appended to it. */
  baseUrl: string;
  /** Pulled in this order: list units and people before the records that refer to them. */
  resources: readonly HttpJsonResource[];
  auth: HttpAuth;
  paging: Paging;
  incremental?: Incremental;
  /** Default 4 attempts, 1 s to 30 s. */
  retries?: RetryOptions;
  /** Per attempt, answer body included; default 30 s. */
  timeoutMs?: number;
  /** Default: none. */
  rateLimit?: RateLimitOptions;
  /** Time for the rate limit, Retry-After waits, token expiry and field-less marks; default the system clock. */
  clock?: Clock;
}

/** A pass in progress: where it is, and the highest change time it has seen. */
interface PassState {
  /** Next page number (`page`), or next cursor token (`cursor`; null: the first page). */
  position: number | string | null;
  high: string | null;
}

interface ResourceState {
  /** The `updatedSince` sent: the mark of the last completed pass. */
  since: string | null;
  pass: PassState | null;
}

/** `{"v":1,"resources":{"<name>":{"since":…,"pass":{"position":…,"high":…}|null}}}` */
interface HttpJsonCursor {
  v: 1;
  resources: Record<string, ResourceState>;
}

const TOMBSTONE_KIND: Partial<Record<ResourceKind, string>> = {
  units: 'unit',
  people: 'person',
  documents: 'document',
  tasks: 'task',
  drafts: 'draft',
};

/** Pages in a row that bring nothing new before the pull concludes the server ignores paging. */
const MAX_FRUITLESS_PAGES = 3;

interface CompiledResource {
  spec: HttpJsonResource;
  name: string;
  paging: Paging;
  incremental: Incremental | null;
  mapper: FieldMapper | null;
}

export class HttpJsonAdapter implements SourceAdapter {
  readonly kind = 'http-json';
  private readonly client: HttpJsonClient;
  private readonly clock: Clock;
  private readonly baseUrl: string;
  private readonly resources: CompiledResource[];

  constructor(
    options: HttpJsonAdapterOptions,
    limits: Pick<SourceLimits, 'maxFileBytes'> = DEFAULT_SOURCE_LIMITS,
  ) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new Error('http-json: baseUrl is not a URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new Error('http-json: baseUrl must be http or https');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.client = new HttpJsonClient({
      auth: options.auth,
      retries: options.retries ?? { attempts: 4, minTimeoutMs: 1000, maxTimeoutMs: 30_000 },
      timeoutMs: options.timeoutMs ?? 30_000,
      rateLimit: options.rateLimit ?? null,
      clock: this.clock,
      maxBodyBytes: limits.maxFileBytes,
    });
    if (options.resources.length === 0) throw new Error('http-json: no resources configured');
    this.resources = options.resources.map((spec) => this.compile(spec, options));
    const names = this.resources.map((r) => r.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined)
      throw new Error(`http-json: two resources are named "${twice}"; give one a "name"`);
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<SourceBatch> {
    const state = parseCursor(cursor);
    // (kind, key) → what was handed on in this pull, so a repeated page costs nothing.
    const seen = new Map<string, string>();
    for (const resource of this.resources) {
      try {
        yield* this.pullResource(resource, state, seen, signal);
      } catch (error) {
        if (!(error instanceof HttpSourceError && error.authRefused)) throw error;
        // Every request needs the token: one issue, and the pull stops where it is.
        yield {
          label: resource.name,
          part: {},
          issues: [
            adapterIssue(
              describeUrl(this.urlOf(resource, null, null)),
              null,
              null,
              `Máy chủ từ chối cấp quyền truy cập (${error.message}); dừng lấy dữ liệu.`,
              `The server refused access (${error.message}); the pull stopped.`,
            ),
          ],
          cursor: JSON.stringify(state),
        };
        return;
      }
    }
  }

  private compile(spec: HttpJsonResource, options: HttpJsonAdapterOptions): CompiledResource {
    const name = spec.name ?? `${spec.kind} ${spec.path}`;
    const paging = spec.paging ?? options.paging;
    if (paging.type === 'page' && (!Number.isInteger(paging.size) || paging.size < 1)) {
      throw new Error(`http-json: resource "${name}": paging.size must be a positive integer`);
    }
    if (spec.deletedField !== undefined && TOMBSTONE_KIND[spec.kind] === undefined) {
      throw new Error(`http-json: resource "${name}": ${spec.kind} cannot be deleted (BUNDLE.md tombstones)`);
    }
    let mapper: FieldMapper | null = null;
    try {
      mapper = spec.mapping ? new FieldMapper(spec.mapping) : null;
    } catch (error) {
      throw new Error(`http-json: resource "${name}": ${(error as Error).message}`);
    }
    const incremental = spec.incremental === false ? null : (spec.incremental ?? options.incremental ?? null);
    return { spec, name, paging, incremental, mapper };
  }

  private async *pullResource(
    resource: CompiledResource,
    cursor: HttpJsonCursor,
    seen: Map<string, string>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SourceBatch> {
    const { paging, incremental, name } = resource;
    const state = (cursor.resources[name] ??= { since: null, pass: null });
    // A stored position of the other paging type (the configuration changed) cannot be resumed.
    if (state.pass && (paging.type === 'page') !== (typeof state.pass.position === 'number'))
      state.pass = null;
    const firstPage = paging.type === 'page' ? (paging.startAt ?? 1) : null;
    state.pass ??= {
      position: firstPage,
      // Without a change-time field, the mark is when the pass began: anything changed after
      // that is asked for again next time, even if this pass already saw it.
      high: incremental && !incremental.field ? formatInstant(this.clock.now()) : null,
    };
    const pass = state.pass;
    const tokensUsed = new Set<string>();
    let fruitless = 0;

    for (;;) {
      signal?.throwIfAborted();
      const url = this.urlOf(resource, incremental ? state.since : null, pass.position);
      const location = describeUrl(url);
      const label = `${name} ${paging.type === 'page' ? `page ${pass.position}` : pass.position === null ? 'first page' : 'next page'}`;
      const stop = (vi: string, en: string): SourceBatch => ({
        label,
        part: {},
        issues: [adapterIssue(location, null, null, vi, en)],
        cursor: JSON.stringify(cursor),
      });

      const result = await this.client.getJson(url, signal);
      if (result.kind === 'refused') {
        // The request itself is wrong or not allowed: asking again will not change the answer.
        const detail = result.detail === '' ? '' : `: ${result.detail}`;
        yield stop(
          `Máy chủ trả lời HTTP ${result.status}${detail}; dừng lấy "${name}", lần đồng bộ sau thử lại từ chỗ này.`,
          `The server answered HTTP ${result.status}${detail}; "${name}" stopped, the next sync tries again from here.`,
        );
        return;
      }
      if (result.kind === 'too-large') {
        // Skipping the page would lose its records: the resource stops here, the others go on.
        yield stop(
          `Máy chủ trả lời HTTP ${result.status} với nội dung ${result.bytes} byte, vượt giới hạn maxFileBytes = ${result.max} của nguồn; dừng lấy "${name}" (giảm cỡ trang hoặc tăng giới hạn).`,
          `The server answered HTTP ${result.status} with a body of ${result.bytes} bytes, over the source's limit maxFileBytes = ${result.max}; "${name}" stopped (lower the page size or raise the limit).`,
        );
        return;
      }
      if (result.kind === 'not-json') {
        yield stop(
          `Máy chủ trả lời HTTP ${result.status} nhưng nội dung không phải JSON; dừng lấy "${name}".`,
          `The server answered HTTP ${result.status} but not with JSON; "${name}" stopped.`,
        );
        return;
      }
      const items = readPath(result.body, resource.spec.itemsField);
      if (!Array.isArray(items)) {
        yield stop(
          `Câu trả lời không có danh sách ở "${resource.spec.itemsField}"; dừng lấy "${name}".`,
          `The answer has no list at "${resource.spec.itemsField}"; "${name}" stopped.`,
        );
        return;
      }

      const page = this.translate(resource, items, location, seen, pass);
      fruitless = items.length > 0 && page.fresh === 0 ? fruitless + 1 : 0;

      let done: boolean;
      const issues = page.issues;
      let halt = false;
      if (paging.type === 'page') {
        // A short page is the last one. An API that caps page size below `size` would end the
        // pass early, so `size` must not exceed the server's maximum.
        done = items.length < paging.size;
        pass.position = (pass.position as number) + 1;
      } else {
        const next = readPath(result.body, paging.nextCursorField);
        done = next === undefined || next === null || next === '';
        if (!done) {
          const token = String(next);
          if (token === pass.position || tokensUsed.has(token)) {
            // Following it would loop for ever; the pass stays where it is.
            issues.push(
              adapterIssue(
                location,
                null,
                paging.nextCursorField,
                `Máy chủ trả lại một con trỏ trang đã dùng; dừng lấy "${name}" để không lặp vô hạn.`,
                `The server returned a page cursor already used; "${name}" stopped rather than loop.`,
              ),
            );
            halt = true;
          } else {
            if (typeof pass.position === 'string') tokensUsed.add(pass.position);
            pass.position = token;
          }
        }
      }
      if (!done && !halt && fruitless >= MAX_FRUITLESS_PAGES) {
        issues.push(
          adapterIssue(
            location,
            null,
            null,
            `${MAX_FRUITLESS_PAGES} trang liền nhau chỉ lặp lại bản ghi đã có: máy chủ có thể bỏ qua tham số phân trang; dừng lấy "${name}".`,
            `${MAX_FRUITLESS_PAGES} pages in a row only repeated records already seen: the server may ignore the paging parameter; "${name}" stopped.`,
          ),
        );
        halt = true;
      }
      if (done) {
        state.since = later(state.since, pass.high);
        state.pass = null;
      }
      yield { label, part: page.part, issues, cursor: JSON.stringify(cursor) };
      if (done || halt) return;
    }
  }

  /** Maps one page's items; raises the pass's mark; drops what this pull already handed on. */
  private translate(
    resource: CompiledResource,
    items: unknown[],
    location: string,
    seen: Map<string, string>,
    pass: PassState,
  ): { part: BundlePart; issues: AdapterIssue[]; fresh: number } {
    const { kind, deletedField } = resource.spec;
    const field = resource.incremental?.field;
    const issues: AdapterIssue[] = [];
    const records = new Map<string, Record<string, unknown>>();
    const deleted = new Map<string, { kind: string; id: string }>();
    let fresh = 0;
    let unreadableTimes = 0;

    items.forEach((item, index) => {
      const position = `#${index + 1}`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        issues.push(
          adapterIssue(
            location,
            position,
            null,
            `Phần tử ${position} không phải một đối tượng; bỏ qua.`,
            `Item ${position} is not an object; skipped.`,
          ),
        );
        return;
      }
      const source = item as Record<string, unknown>;
      // A record skipped below was still seen: the mark moves past it, as a file moves past a bad row.
      if (field) {
        const stamp = readPath(source, field);
        if (typeof stamp === 'string' || typeof stamp === 'number') {
          if (comparable(String(stamp)) === null) unreadableTimes++;
          else pass.high = later(pass.high, String(stamp));
        } else unreadableTimes++;
      }
      const mapped = resource.mapper ? resource.mapper.map(source) : { record: { ...source }, failures: [] };
      const key = keyOf(kind, mapped.record);
      if (key === null) {
        issues.push(
          adapterIssue(
            location,
            position,
            kind === 'weeklySchedules' ? 'unitId' : kind === 'mailboxes' ? 'personId' : 'id',
            `Bản ghi ${position} ("${kind}") không có mã định danh; bỏ qua.`,
            `Record ${position} ("${kind}") has no identifier; skipped.`,
          ),
        );
        return;
      }
      const tombstoneKind = TOMBSTONE_KIND[kind];
      if (deletedField && tombstoneKind && truthy(readPath(source, deletedField))) {
        const seenKey = `${kind}|${key}`;
        if (seen.get(seenKey) === DELETED) return;
        seen.set(seenKey, DELETED);
        fresh++;
        records.delete(key);
        deleted.set(key, { kind: tombstoneKind, id: key });
        return;
      }
      if (mapped.failures.length > 0) {
        for (const f of mapped.failures) {
          issues.push(
            adapterIssue(
              location,
              key,
              f.field,
              `Bản ghi "${key}": ${f.reason}; bỏ qua bản ghi.`,
              `Record "${key}": ${f.reasonEn}; record skipped.`,
            ),
          );
        }
        return;
      }
      const seenKey = `${kind}|${key}`;
      const fingerprint = JSON.stringify(mapped.record);
      if (seen.get(seenKey) === fingerprint) return;
      seen.set(seenKey, fingerprint);
      fresh++;
      deleted.delete(key);
      records.delete(key); // re-inserted last, so the batch keeps the source's order
      records.set(key, mapped.record);
    });

    if (unreadableTimes > 0) {
      issues.push(
        adapterIssue(
          location,
          null,
          field ?? null,
          `${unreadableTimes} bản ghi không có thời điểm thay đổi đọc được ở "${field}"; mốc đồng bộ không tính đến chúng.`,
          `${unreadableTimes} record(s) have no readable change time at "${field}"; the sync mark ignores them.`,
        ),
      );
    }
    const part: BundlePart = {};
    if (records.size > 0) part[kind] = [...records.values()];
    if (deleted.size > 0) part.deleted = [...deleted.values()];
    return { part, issues, fresh };
  }

  private urlOf(resource: CompiledResource, since: string | null, position: number | string | null): string {
    const { spec, paging, incremental } = resource;
    const url = new URL(`${this.baseUrl}/${spec.path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
    if (incremental && since !== null) url.searchParams.set(incremental.param, since);
    if (paging.type === 'page') {
      url.searchParams.set(paging.pageParam, String(position ?? paging.startAt ?? 1));
      url.searchParams.set(paging.sizeParam, String(paging.size));
    } else if (position !== null) url.searchParams.set(paging.cursorParam, String(position));
    return url.toString();
  }
}

const DELETED = '\u0000deleted';

function keyOf(kind: ResourceKind, record: Record<string, unknown>): string | null {
  const text = (v: unknown) =>
    typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
  if (kind === 'weeklySchedules') {
    const unit = text(record.unitId);
    const week = text(record.week);
    return unit === null || week === null ? null : `${unit}|${week}`;
  }
  if (kind === 'mailboxes') {
    // Observations accumulate (DOMAIN.md §3.8): the time is part of what makes one distinct.
    const person = text(record.personId);
    const address = text(record.address);
    return person === null || address === null
      ? null
      : `${person}|${address}|${text(record.lastActiveAt) ?? ''}`;
  }
  return text(record.id);
}

function truthy(v: unknown): boolean {
  if (typeof v === 'string') return ['true', '1', 'yes', 'có', 'x'].includes(v.trim().toLowerCase());
  return v === true || v === 1;
}

/** A change time as a number to compare: epoch numbers as they are, ISO times as instants (local: +07:00). */
function comparable(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return parseInstant(text) ?? (lacksOffset(text) ? parseInstant(`${text}+07:00`) : null);
}

/** The later of two marks, so a mark never moves back. */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  const x = comparable(a);
  const y = comparable(b);
  if (x === null) return b;
  if (y === null) return a;
  return y > x ? b : a;
}

function parseCursor(cursor: string | null): HttpJsonCursor {
  if (cursor === null) return { v: 1, resources: {} };
  let value: unknown;
  try {
    value = JSON.parse(cursor);
  } catch {
    value = null;
  }
  const c = value as HttpJsonCursor | null;
  const valid =
    c !== null &&
    typeof c === 'object' &&
    c.v === 1 &&
    typeof c.resources === 'object' &&
    c.resources !== null &&
    Object.values(c.resources).every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        (r.since === null || typeof r.since === 'string') &&
        (r.pass === null ||
          (typeof r.pass === 'object' &&
            (r.pass.position === null ||
              typeof r.pass.position === 'number' ||
              typeof r.pass.position === 'string') &&
            (r.pass.high === null || typeof r.pass.high === 'string'))),
    );
  // A cursor this adapter did not write could skip records: better to stop and say so.
  if (!valid) throw new Error('http-json: the stored cursor is not one this adapter wrote');
  return c;
}
