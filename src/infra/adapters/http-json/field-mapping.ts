/**
 * The declarative mapping from a source API's records to bundle records (SOURCES.md §2): which
 * source field (a dot path) feeds which bundle field, through which simple transforms. It is
 * configuration, written by whoever connects an agency's system, so it is checked once when the
 * adapter is built and fails there with the field's name, not halfway through a sync.
 *
 * ```jsonc
 * {
 *   "id": { "from": "maVanBan", "transform": "string" },
 *   "direction": { "transform": "const:incoming" },
 *   "date": { "from": "ngayVanBan", "transform": "date:dd/MM/yyyy" },
 *   "receivedAt": { "from": "thoiGianDen", "transform": "datetime:local" },
 *   "urgency": { "from": "doKhan", "transform": "enum:{\"0\":\"normal\",\"1\":\"urgent\"}" },
 *   "legalNormative": { "from": "laVbqppl", "transform": "bool" },
 *   "signatures.agency": { "from": "kySo.coQuan", "transform": "bool" },
 *   "unitId": "donVi.ma",                                   // copied as it is
 *   "deadlineChanges": { "from": "lichSuGiaHan", "each": {
 *     "deadline": { "from": "hanMoi", "transform": "date:dd/MM/yyyy" },
 *     "at": { "from": "thoiDiem", "transform": "datetime:local" } } }
 * }
 * ```
 *
 * Transforms, applied left to right when a list is given:
 * - `date:<pattern>` → `YYYY-MM-DD`; pattern tokens `yyyy MM M dd d` (and `HH H mm ss`, read and
 *   dropped), anything else literal. The day must exist.
 * - `datetime:local` → an ISO local time (`2025-03-10T09:15[:00]`) gets `+07:00`; one that already
 *   carries an offset is kept as the same instant. `datetime:<pattern>` reads a local time by a
 *   pattern (`dd/MM/yyyy HH:mm`). Vietnam has had no daylight saving since 1975, so `+07:00` is exact.
 * - `enum:{json object}` → the value (as text) looked up in the table.
 * - `bool` → true/false from booleans, 0/1, and `true/false yes/no có/không` in any case.
 * - `const:<value>` → the value, ignoring the source: JSON when it parses (`const:false`), else text.
 * - `lowercase`, `string` (numbers and booleans as text: ids are often numeric in REST APIs).
 *
 * A source field that is absent leaves the bundle field absent; `null` stays `null`; empty text
 * counts as absent for `date`, `datetime`, `bool` and `enum` (exports write "" for "none").
 */

import { VIETNAM_OFFSET_MS, formatInstant, lacksOffset, parseInstant } from '../../../domain/time.js';

/** A source dot path copied as it is, or a rule. */
export type FieldRule =
  | string
  | {
      /** Source dot path (`donVi.ma`; a number indexes a list). Not needed for `const:`. */
      from?: string;
      transform?: string | readonly string[];
      /** For a list of objects (`deadlineChanges`, `reviewRounds`): the mapping of each element. */
      each?: FieldMapping;
    };

/** Bundle field (a dot path for nested objects: `plan.targetDate`) → rule. */
export type FieldMapping = Readonly<Record<string, FieldRule>>;

/**
 * A field that could not be translated. The reason names the transform and what it expects but
 * never the value: the record may be a confidential document, whose details must not reach an
 * issue (DOMAIN.md §4).
 */
export interface FieldFailure {
  /** The bundle field; `deadlineChanges[1].at` inside a list. */
  field: string;
  from: string | null;
  reason: string;
  reasonEn: string;
}

export interface MappedItem {
  record: Record<string, unknown>;
  failures: FieldFailure[];
}

type Outcome = { ok: true; value: unknown } | { ok: false; vi: string; en: string };

interface Transform {
  spec: string;
  /** `const` replaces the value even when the source has none. */
  always: boolean;
  apply(value: unknown): Outcome;
}

interface CompiledRule {
  target: string[];
  field: string;
  from: string[] | null;
  fromText: string | null;
  transforms: Transform[];
  each: FieldMapper | null;
}

/** The value at a dot path (`''`: the value itself); undefined when any step is missing. */
export function readPath(value: unknown, path: string | readonly string[]): unknown {
  const steps = typeof path === 'string' ? splitPath(path) : path;
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(step)) return undefined;
      current = current[Number(step)];
    } else {
      if (!Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function splitPath(path: string): string[] {
  const trimmed = path.trim();
  return trimmed === '' ? [] : trimmed.split('.');
}

export class FieldMapper {
  private readonly rules: CompiledRule[];

  /** Throws, naming the bundle field, when the mapping itself is wrong. */
  constructor(mapping: FieldMapping, context = '') {
    this.rules = Object.entries(mapping).map(([field, rule]) =>
      compileRule(`${context}${field}`, field, rule),
    );
    const targets = this.rules.map((r) => r.field);
    for (const a of targets) {
      const clash = targets.find((b) => b.startsWith(`${a}.`));
      if (clash) throw new Error(`field mapping: "${context}${a}" and "${context}${clash}" overlap`);
    }
  }

  map(item: Record<string, unknown>, context = ''): MappedItem {
    const record: Record<string, unknown> = {};
    const failures: FieldFailure[] = [];
    for (const rule of this.rules) {
      const field = `${context}${rule.field}`;
      let value: unknown = rule.from === null ? undefined : readPath(item, rule.from);
      let failed = false;
      for (const t of rule.transforms) {
        if (!t.always && (value === undefined || value === null)) break;
        const out = t.apply(value);
        if (!out.ok) {
          failures.push({
            field,
            from: rule.fromText,
            reason: `trường "${field}"${rule.fromText ? ` (từ "${rule.fromText}")` : ''}: ${out.vi} (${t.spec})`,
            reasonEn: `field "${field}"${rule.fromText ? ` (from "${rule.fromText}")` : ''}: ${out.en} (${t.spec})`,
          });
          failed = true;
          break;
        }
        value = out.value;
      }
      if (failed || value === undefined) continue;
      if (rule.each !== null && value !== null) {
        const list = this.mapEach(rule, value, field, failures);
        if (list === undefined) continue;
        value = list;
      }
      setPath(record, rule.target, value);
    }
    return { record, failures };
  }

  private mapEach(
    rule: CompiledRule,
    value: unknown,
    field: string,
    failures: FieldFailure[],
  ): unknown[] | undefined {
    if (!Array.isArray(value)) {
      failures.push({
        field,
        from: rule.fromText,
        reason: `trường "${field}" (từ "${rule.fromText}"): không phải một danh sách`,
        reasonEn: `field "${field}" (from "${rule.fromText}"): is not a list`,
      });
      return undefined;
    }
    const out: unknown[] = [];
    value.forEach((element, i) => {
      if (typeof element !== 'object' || element === null || Array.isArray(element)) {
        failures.push({
          field: `${field}[${i}]`,
          from: rule.fromText,
          reason: `trường "${field}[${i}]" (từ "${rule.fromText}"): không phải một đối tượng`,
          reasonEn: `field "${field}[${i}]" (from "${rule.fromText}"): is not an object`,
        });
        return;
      }
      const mapped = rule.each!.map(element as Record<string, unknown>, `${field}[${i}].`);
      failures.push(...mapped.failures);
      out.push(mapped.record);
    });
    return out;
  }
}

function compileRule(qualified: string, field: string, rule: FieldRule): CompiledRule {
  const target = splitPath(field);
  if (target.length === 0 || target.some((s) => s === ''))
    throw new Error(`field mapping: "${qualified}" is not a field path`);
  const spec = typeof rule === 'string' ? { from: rule } : rule;
  if (typeof spec !== 'object' || spec === null)
    throw new Error(`field mapping: "${qualified}" must be a path or a rule`);
  const specs =
    spec.transform === undefined
      ? []
      : typeof spec.transform === 'string'
        ? [spec.transform]
        : [...spec.transform];
  const transforms = specs.map((s) => {
    try {
      return compileTransform(s);
    } catch (error) {
      throw new Error(`field mapping: "${qualified}": ${(error as Error).message}`);
    }
  });
  const fromText = spec.from?.trim() || null;
  if (fromText === null && !transforms.some((t) => t.always)) {
    throw new Error(`field mapping: "${qualified}" needs "from" (or a "const:" transform)`);
  }
  if (spec.each !== undefined && transforms.length > 0) {
    throw new Error(`field mapping: "${qualified}" cannot have both "each" and "transform"`);
  }
  return {
    target,
    field,
    from: fromText === null ? null : splitPath(fromText),
    fromText,
    transforms,
    each: spec.each === undefined ? null : new FieldMapper(spec.each, `${qualified}[].`),
  };
}

function setPath(record: Record<string, unknown>, path: string[], value: unknown): void {
  let node = record;
  for (const step of path.slice(0, -1)) {
    const next = node[step];
    if (typeof next !== 'object' || next === null) node[step] = {};
    node = node[step] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

const ok = (value: unknown): Outcome => ({ ok: true, value });
const fail = (vi: string, en: string): Outcome => ({ ok: false, vi, en });
const isBlank = (v: unknown) => typeof v === 'string' && v.trim() === '';
const pad2 = (n: number) => String(n).padStart(2, '0');

function compileTransform(spec: string): Transform {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const arg = colon < 0 ? null : spec.slice(colon + 1);
  const make = (apply: Transform['apply'], always = false): Transform => ({ spec, always, apply });
  switch (name) {
    case 'date': {
      if (arg === null || arg.trim() === '')
        throw new Error('"date" needs a pattern, e.g. "date:dd/MM/yyyy"');
      const read = compilePattern(arg.trim(), false);
      return make((v) => {
        if (isBlank(v)) return ok(null);
        const p = typeof v === 'string' || typeof v === 'number' ? read(String(v).trim()) : null;
        return p
          ? ok(`${p.year}-${pad2(p.month)}-${pad2(p.day)}`)
          : fail(
              `không phải ngày dạng "${arg.trim()}" có thật`,
              `is not an existing date in the form "${arg.trim()}"`,
            );
      });
    }
    case 'datetime': {
      if (arg === null || arg.trim() === '')
        throw new Error('"datetime" needs "local" or a pattern, e.g. "datetime:dd/MM/yyyy HH:mm"');
      const a = arg.trim();
      const byPattern = a === 'local' ? null : compilePattern(a, true);
      const read = (text: string) => {
        if (byPattern === null) return readIsoLocal(text);
        const p = byPattern(text);
        return p === null ? null : localInstant(p);
      };
      const expected = a === 'local' ? 'yyyy-MM-ddTHH:mm[:ss]' : a;
      return make((v) => {
        if (isBlank(v)) return ok(null);
        const instant = typeof v === 'string' ? read(v.trim()) : null;
        return instant === null
          ? fail(
              `không phải thời điểm dạng "${expected}" có thật`,
              `is not an existing time in the form "${expected}"`,
            )
          : ok(formatInstant(instant));
      });
    }
    case 'enum': {
      let table: unknown;
      try {
        table = JSON.parse(arg ?? '');
      } catch {
        table = null;
      }
      if (typeof table !== 'object' || table === null || Array.isArray(table)) {
        throw new Error('"enum" needs a JSON object, e.g. enum:{"0":"normal","1":"urgent"}');
      }
      const map = new Map(Object.entries(table as Record<string, unknown>));
      const keys = [...map.keys()].map((k) => JSON.stringify(k)).join(', ');
      return make((v) => {
        const key =
          typeof v === 'string'
            ? v.trim()
            : typeof v === 'number' || typeof v === 'boolean'
              ? String(v)
              : null;
        if (key !== null && map.has(key)) return ok(map.get(key));
        if (isBlank(v)) return ok(null);
        return fail(
          `giá trị không có trong bảng chuyển đổi (${keys})`,
          `the value is not in the table (${keys})`,
        );
      });
    }
    case 'bool':
      return make((v) => {
        if (typeof v === 'boolean') return ok(v);
        if (v === 0 || v === 1) return ok(v === 1);
        if (isBlank(v)) return ok(null);
        if (typeof v === 'string') {
          const t = v.trim().toLowerCase();
          if (TRUE_WORDS.has(t)) return ok(true);
          if (FALSE_WORDS.has(t)) return ok(false);
        }
        return fail(
          'không phải giá trị đúng/sai (true/false, 1/0, có/không)',
          'is not a yes/no value (true/false, 1/0, yes/no)',
        );
      });
    case 'const': {
      const text = arg ?? '';
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // Plain text (`const:incoming`) is the common case.
      }
      return make(() => ok(value), true);
    }
    case 'lowercase':
      return make((v) =>
        typeof v === 'string' ? ok(v.toLowerCase()) : fail('không phải văn bản', 'is not text'),
      );
    case 'string':
      return make((v) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? ok(String(v))
          : fail('không phải văn bản hay số', 'is not text or a number'),
      );
    default:
      throw new Error(
        `unknown transform "${spec}" (date:, datetime:, enum:, bool, const:, lowercase, string)`,
      );
  }
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'có', 'co', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'không', 'khong']);

interface PatternParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const TOKENS: Record<string, { re: string; part: keyof PatternParts }> = {
  yyyy: { re: '(\\d{4})', part: 'year' },
  MM: { re: '(\\d{2})', part: 'month' },
  M: { re: '(\\d{1,2})', part: 'month' },
  dd: { re: '(\\d{2})', part: 'day' },
  d: { re: '(\\d{1,2})', part: 'day' },
  HH: { re: '(\\d{2})', part: 'hour' },
  H: { re: '(\\d{1,2})', part: 'hour' },
  mm: { re: '(\\d{2})', part: 'minute' },
  ss: { re: '(\\d{2})', part: 'second' },
};

/** A reader for a `dd/MM/yyyy`-style pattern: null when the text does not match or the day does not exist. */
function compilePattern(pattern: string, withTime: boolean): (text: string) => PatternParts | null {
  const parts: (keyof PatternParts)[] = [];
  let re = '';
  for (const piece of pattern.split(/(yyyy|MM|M|dd|d|HH|H|mm|ss)/)) {
    const token = TOKENS[piece];
    if (token) {
      re += token.re;
      parts.push(token.part);
    } else re += piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const needed: (keyof PatternParts)[] = withTime
    ? ['year', 'month', 'day', 'hour', 'minute']
    : ['year', 'month', 'day'];
  const missing = needed.filter((p) => !parts.includes(p));
  if (missing.length > 0) throw new Error(`pattern "${pattern}" lacks ${missing.join(', ')}`);
  const regex = new RegExp(`^${re}$`);
  return (text) => {
    const m = regex.exec(text);
    if (!m) return null;
    const p: PatternParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    parts.forEach((part, i) => (p[part] = Number(m[i + 1])));
    return validParts(p) ? p : null;
  };
}

function validParts(p: PatternParts): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return false;
  // Date.UTC rolls 30 February over to March: a round trip shows whether the day exists.
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  return d.getUTCFullYear() === p.year && d.getUTCMonth() === p.month - 1 && d.getUTCDate() === p.day;
}

/** An ISO time, local when it has no offset; the instant, or null. */
function readIsoLocal(text: string): number | null {
  return parseInstant(text) ?? (lacksOffset(text) ? parseInstant(`${text}+07:00`) : null);
}

function localInstant(p: PatternParts): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - VIETNAM_OFFSET_MS;
}
