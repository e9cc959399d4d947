/**
 * Validates and normalizes one raw bundle record (BUNDLE.md): structure against the published
 * JSON Schema (`schemas/bundle.v1.json`), then dates to `Day`s and timestamps to `Instant`s.
 *
 * Pure and synchronous: it runs once per record of files with millions of them, so the schema is
 * compiled once at module load, a valid record costs one compiled check plus one object, and
 * anything that allocates (error mapping, messages) happens only for a record that fails.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../../schemas/bundle.v1.json' with { type: 'json' };
import type {
  DeadlineChange,
  Document,
  Draft,
  MailboxObservation,
  OpenDocument,
  Person,
  RecordKind,
  RecordOf,
  ReviewRound,
  SecretDocument,
  Task,
  TimeBasis,
  Tombstone,
  Unit,
  WeeklySchedule,
} from '../model.js';
import type { Day, Instant } from '../time.js';
import {
  formatDay,
  lacksOffset,
  localDay,
  mondayOfIsoWeek,
  parseDay,
  parseInstant,
  parseIsoWeek,
} from '../time.js';
import type { BundleIssue, IssueCode, IssueKind, IssueParams, JsonTypeName } from './bundle-issue.js';
import { shownValue } from './bundle-issue.js';
import { duplicateKeyOf } from './duplicate-key.js';
import type { PlausibleRange } from './plausible-dates.js';
import { cleanText, disallowedInId, visibleText } from './text-rules.js';
import { LOWER_BOUND_ONLY } from './plausible-dates.js';

export interface ValidatedRecord<K extends RecordKind> {
  /** The normalized record, or null when it was rejected. */
  record: RecordOf[K] | null;
  /** Why it was rejected; empty (and shared, so read-only) when it was not. */
  issues: readonly BundleIssue[];
}

export interface ValidatedTombstone {
  tombstone: Tombstone | null;
  issues: readonly BundleIssue[];
}

type ValidatedKind = RecordKind | 'tombstone' | 'source';

const NO_ISSUES: readonly BundleIssue[] = Object.freeze([]);

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function civilDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function monthDays(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two ASCII digits at `i` as a number, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The calendar date that `YYYY-MM-DD` starts with, as a Day, or -1. Year 1000 and later only,
 * where `Date.UTC` (behind `time.ts`) and this arithmetic agree.
 */
function fastYmd(s: string): number {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const hi = digits2(s, 0);
  const lo = digits2(s, 2);
  const m = digits2(s, 5);
  const d = digits2(s, 8);
  if (hi < 10 || lo < 0 || m < 1 || m > 12 || d < 1) return -1;
  const y = hi * 100 + lo;
  if (d > monthDays(y, m)) return -1;
  return civilDays(y, m, d);
}

/**
 * `parseDay` and `parseInstant` for the shapes exports actually use (`2025-03-10`,
 * `2025-03-10T09:15:00+07:00`, `…Z`), without a regular expression, match array or substring:
 * a record carries up to a dozen of these, and the regular-expression versions cost more than the
 * rest of its validation. Anything else falls through to `time.ts`, which stays the definition; a
 * property test holds the two to the same answers.
 */
export function toDay(s: string): Day | null {
  if (s.length === 10) {
    const day = fastYmd(s);
    if (day >= 0) return day;
  }
  return parseDay(s);
}

export function toInstant(s: string): Instant | null {
  const len = s.length;
  if (
    (len === 25 || len === 20) &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  ) {
    const day = fastYmd(s);
    const h = digits2(s, 11);
    const mi = digits2(s, 14);
    const sec = digits2(s, 17);
    if (day >= 0 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59) {
      const local = day * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000;
      const z = s.charCodeAt(19);
      if (len === 20 && (z === 90 || z === 122)) return local;
      if (len === 25 && (z === 43 || z === 45) && s.charCodeAt(22) === 58) {
        const oh = digits2(s, 20);
        const om = digits2(s, 23);
        if (oh >= 0 && oh <= 23 && om >= 0 && om <= 59)
          return local - (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
      }
    }
  }
  return parseInstant(s);
}

// `allErrors`: a clerk fixes every field of a record in one pass, not one per import.
// `verbose`: the offending value comes with the error, only on the failure path.
// Strict, except that a conditional `required` may name a property declared beside the condition.
const ajv = new Ajv2020({
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});

function shapeOf(format: 'date' | 'date-time'): RegExp {
  const def = addFormats.default.get(format, 'fast');
  const shape =
    def instanceof RegExp ? def : typeof def === 'object' && 'validate' in def ? def.validate : null;
  if (!(shape instanceof RegExp)) throw new Error(`ajv-formats: no pattern for ${format}`);
  return shape;
}

// A format is the standard RFC 3339 shape (ajv-formats' pattern) and a date that exists, checked by
// the same code that then produces the value. ajv-formats' own "full" checks split strings and
// build Dates: with them validation ran at 300 000 records/s, with this at over 1 000 000. Checking
// the calendar inside the schema, not after it, reports a bad date together with a record's other
// mistakes rather than on the next import.
const DATE_SHAPE = shapeOf('date');
const DATE_TIME_SHAPE = shapeOf('date-time');
ajv.addFormat('date', { type: 'string', validate: (s: string) => DATE_SHAPE.test(s) && toDay(s) !== null });
ajv.addFormat('date-time', {
  type: 'string',
  validate: (s: string) => DATE_TIME_SHAPE.test(s) && toInstant(s) !== null,
});
ajv.addSchema(schema);

function compiled(def: string): ValidateFunction {
  const validate = ajv.getSchema(`${schema.$id}#/$defs/${def}`);
  if (validate === undefined) throw new Error(`schemas/bundle.v1.json has no $defs/${def}`);
  return validate;
}

const VALIDATORS: Record<ValidatedKind, ValidateFunction> = {
  unit: compiled('unit'),
  person: compiled('person'),
  document: compiled('document'),
  task: compiled('task'),
  draft: compiled('draft'),
  weeklySchedule: compiled('weeklySchedule'),
  mailbox: compiled('mailbox'),
  tombstone: compiled('tombstone'),
  source: compiled('source'),
};

type Raw = Record<string, unknown>;
// After the schema check these are the only shapes a field can have.
type Text = string | null | undefined;
type Flag = boolean | null | undefined;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id a message may name. Ids are the one thing of a confidential document that may be shown. */
function idOf(kind: IssueKind, raw: Raw): string | null {
  switch (kind) {
    case 'weeklySchedule': {
      const unitId = idText(raw.unitId);
      const week = idText(raw.week);
      return unitId !== null && week !== null ? `${unitId}|${week}` : unitId;
    }
    case 'mailbox':
      return idText(raw.personId);
    default:
      return idText(raw.id);
  }
}

function idText(value: unknown): string | null {
  // Escaped: the id is stored with the rejection, and Postgres takes no NUL (text-rules.ts).
  if (typeof value === 'string') return value === '' ? null : visibleText(value);
  if (typeof value === 'number') return String(value);
  return null;
}

function issue(
  file: string,
  kind: IssueKind,
  id: string | null,
  index: number | null,
  field: string | null,
  code: IssueCode,
  params: IssueParams,
): BundleIssue {
  return { file, kind, id, index, field, code, params, severity: 'error' };
}

/** `/deadlineChanges/0/at` → `deadlineChanges[0].at`. */
function fieldPath(pointer: string, extra?: string): string | null {
  let path = '';
  if (pointer !== '') {
    for (const segment of pointer.slice(1).split('/')) {
      const name = segment.replaceAll('~1', '/').replaceAll('~0', '~');
      path += /^\d+$/.test(name) ? `[${name}]` : path === '' ? name : `.${name}`;
    }
  }
  if (extra !== undefined) path += path === '' ? extra : `.${extra}`;
  return path === '' ? null : path;
}

function firstType(type: unknown): JsonTypeName {
  const names = Array.isArray(type) ? type : String(type).split(',');
  return (names.find((t) => t !== 'null') ?? 'string') as JsonTypeName;
}

/** One issue per field and reason, in the order the schema reports them. */
function mapErrors(
  errors: readonly ErrorObject[],
  file: string,
  kind: IssueKind,
  id: string | null,
  index: number | null,
  redact: boolean,
): BundleIssue[] {
  const out: BundleIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    let code: IssueCode;
    let field: string | null;
    const params: IssueParams = {};
    const data: unknown = e.data;
    switch (e.keyword) {
      case 'if':
        continue; // reported through the `then` branch that failed
      case 'required':
        code = 'missing_field';
        field = fieldPath(e.instancePath, String((e.params as { missingProperty: string }).missingProperty));
        break;
      case 'type':
        field = fieldPath(e.instancePath);
        if (data === null) code = 'missing_field';
        else {
          code = 'wrong_type';
          params.expected = firstType((e.params as { type: unknown }).type);
        }
        break;
      case 'enum':
      case 'const': {
        field = fieldPath(e.instancePath);
        if (data === null || data === undefined) {
          code = 'missing_field';
          break;
        }
        code = 'invalid_value';
        const allowed =
          e.keyword === 'enum'
            ? (e.params as { allowedValues: unknown[] }).allowedValues
            : [(e.params as { allowedValue: unknown }).allowedValue];
        params.allowed = allowed.filter((v) => v !== null).map(String);
        if (!redact) params.value = shownValue(data);
        break;
      }
      case 'minLength':
        code = 'missing_field';
        field = fieldPath(e.instancePath);
        break;
      case 'format': {
        field = fieldPath(e.instancePath);
        const format = (e.params as { format: string }).format;
        if (format === 'date') code = 'invalid_date';
        else code = typeof data === 'string' && lacksOffset(data) ? 'missing_offset' : 'invalid_timestamp';
        if (!redact) params.value = shownValue(data);
        break;
      }
      case 'pattern':
        code = 'invalid_week';
        field = fieldPath(e.instancePath);
        if (!redact) params.value = shownValue(data);
        break;
      default:
        code = 'invalid_value';
        field = fieldPath(e.instancePath);
        if (!redact) params.value = shownValue(data);
    }
    const key = `${field ?? ''}\u0000${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue(file, kind, id, index, field, code, params));
  }
  return out;
}

/**
 * Turns validated text into numbers. The schema's formats already ran the same parsers, so a
 * conversion fails only if the schema and this code drift apart (a format removed, a field
 * added to one side); it is then still reported rather than stored as a wrong number. Reused
 * across records: validation is synchronous, and a record that converts allocates nothing here.
 */
class Converter {
  private file = '';
  private kind: IssueKind = 'unit';
  private raw: Raw = {};
  private index: number | null = null;
  private redact = false;
  private range: PlausibleRange = LOWER_BOUND_ONLY;
  issues: BundleIssue[] | null = null;

  reset(
    file: string,
    kind: IssueKind,
    raw: Raw,
    index: number | null,
    redact: boolean,
    range: PlausibleRange,
  ): void {
    this.file = file;
    this.kind = kind;
    this.raw = raw;
    this.index = index;
    this.redact = redact;
    this.range = range;
    this.issues = null;
  }

  private fail(field: string, code: IssueCode, value: string): void {
    const params: IssueParams = this.redact ? {} : { value: shownValue(value) };
    if (code === 'implausible_date') {
      params.from = formatDay(this.range.from);
      if (this.range.to !== LOWER_BOUND_ONLY.to) params.to = formatDay(this.range.to);
    }
    (this.issues ??= []).push(
      issue(this.file, this.kind, idOf(this.kind, this.raw), this.index, field, code, params),
    );
  }

  /** Outside the range: a placeholder such as .NET's 0001-01-01, or a mistyped year. */
  private implausible(day: Day): boolean {
    return day < this.range.from || day > this.range.to;
  }

  day(text: Text, field: string): Day {
    const day = toDay(text as string);
    if (day === null) this.fail(field, 'invalid_date', text as string);
    else if (this.implausible(day)) this.fail(field, 'implausible_date', text as string);
    else return day;
    return 0;
  }

  optionalDay(text: Text, field: string): Day | null {
    return text === null || text === undefined ? null : this.day(text, field);
  }

  instant(text: Text, field: string): Instant {
    const instant = toInstant(text as string);
    if (instant === null)
      this.fail(field, lacksOffset(text as string) ? 'missing_offset' : 'invalid_timestamp', text as string);
    else if (this.implausible(localDay(instant))) this.fail(field, 'implausible_date', text as string);
    else return instant;
    return 0;
  }

  optionalInstant(text: Text, field: string): Instant | null {
    return text === null || text === undefined ? null : this.instant(text, field);
  }

  week(text: string, field: string): string {
    const week = parseIsoWeek(text);
    if (week === null) this.fail(field, 'invalid_week', text);
    else if (this.implausible(mondayOfIsoWeek(week.year, week.week) + 6))
      this.fail(field, 'implausible_date', text);
    return text;
  }
}

const convert = new Converter();

function orNull<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}

function toUnit(r: Raw): Unit {
  return {
    id: r.id as string,
    name: r.name as string,
    parentId: orNull(r.parentId as Text),
    headId: orNull(r.headId as Text),
  };
}

function toPerson(r: Raw): Person {
  return {
    id: r.id as string,
    name: orNull(r.name as Text),
    unitId: r.unitId as string,
    role: orNull(r.role as Person['role'] | undefined),
    email: orNull(r.email as Text),
    // Absent means active (BUNDLE.md): exports often list only current staff and omit the flag.
    active: (r.active as Flag) ?? true,
  };
}

function toSecretDocument(r: Raw): SecretDocument {
  return {
    id: r.id as string,
    confidentiality: r.confidentiality as SecretDocument['confidentiality'],
    direction: r.direction as SecretDocument['direction'],
    date: convert.day(r.date as string, 'date'),
  };
}

function toOpenDocument(r: Raw): OpenDocument {
  const s = r.signatures as { agency?: Flag; signer?: Flag } | null | undefined;
  // An extension of the bundle (edXML sources write it): the basis of the direction's own time;
  // the other direction's is ignored like any extra field.
  const basis = (r.direction === 'incoming' ? r.receivedAtBasis : r.issuedAtBasis) as
    TimeBasis | null | undefined;
  const doc: OpenDocument = {
    id: r.id as string,
    confidentiality: 'normal',
    direction: r.direction as OpenDocument['direction'],
    number: orNull(r.number as Text),
    type: orNull(r.type as Text),
    subject: orNull(r.subject as Text),
    legalNormative: (r.legalNormative as Flag) ?? false,
    urgency: orNull(r.urgency as OpenDocument['urgency'] | undefined),
    date: convert.day(r.date as string, 'date'),
    receivedAt: convert.optionalInstant(r.receivedAt as Text, 'receivedAt'),
    issuedAt: convert.optionalInstant(r.issuedAt as Text, 'issuedAt'),
    deadline: convert.optionalDay(r.deadline as Text, 'deadline'),
    channel: r.channel as OpenDocument['channel'],
    // Absent signatures count as not signed (DOMAIN.md §3.7).
    signatures: { agency: s?.agency ?? false, signer: s?.signer ?? false },
    unitId: orNull(r.unitId as Text),
  };
  // Set only when given, so a document without one is the record it always was (and hashes the same).
  if (basis !== null && basis !== undefined) doc.timeBasis = basis;
  return doc;
}

function toTask(r: Raw): Task {
  const changes = r.deadlineChanges as Raw[] | null | undefined;
  const deadlineChanges: DeadlineChange[] = [];
  if (changes) {
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i];
      deadlineChanges.push({
        deadline: convert.day(c.deadline as string, `deadlineChanges[${i}].deadline`),
        at: convert.instant(c.at as string, `deadlineChanges[${i}].at`),
      });
    }
  }
  const plan = r.plan as Raw | null | undefined;
  return {
    id: r.id as string,
    documentId: orNull(r.documentId as Text),
    title: orNull(r.title as Text),
    assignerId: orNull(r.assignerId as Text),
    unitId: r.unitId as string,
    assigneeId: orNull(r.assigneeId as Text),
    assignedAt: convert.instant(r.assignedAt as string, 'assignedAt'),
    deadline: convert.optionalDay(r.deadline as Text, 'deadline'),
    deadlineChanges,
    plan:
      plan === null || plan === undefined
        ? null
        : {
            reportedAt: convert.optionalInstant(plan.reportedAt as Text, 'plan.reportedAt'),
            targetDate: convert.optionalDay(plan.targetDate as Text, 'plan.targetDate'),
          },
    completedAt: convert.optionalInstant(r.completedAt as Text, 'completedAt'),
    cancelledAt: convert.optionalInstant(r.cancelledAt as Text, 'cancelledAt'),
  };
}

function toDraft(r: Raw): Draft {
  const rounds = r.reviewRounds as Raw[] | null | undefined;
  const reviewRounds: ReviewRound[] = [];
  if (rounds) {
    for (let i = 0; i < rounds.length; i++) {
      const round = rounds[i];
      reviewRounds.push({
        at: convert.instant(round.at as string, `reviewRounds[${i}].at`),
        reviewerId: orNull(round.reviewerId as Text),
      });
    }
  }
  return {
    id: r.id as string,
    taskId: r.taskId as string,
    drafterId: r.drafterId as string,
    unitId: r.unitId as string,
    // null, not false: absent means "as the task's document says" (BUNDLE.md).
    legalNormative: orNull(r.legalNormative as Flag),
    unitDeadline: convert.optionalDay(r.unitDeadline as Text, 'unitDeadline'),
    submittedToUnitAt: convert.optionalInstant(r.submittedToUnitAt as Text, 'submittedToUnitAt'),
    submittedToLeadershipAt: convert.optionalInstant(
      r.submittedToLeadershipAt as Text,
      'submittedToLeadershipAt',
    ),
    reviewRounds,
    issuedAt: convert.optionalInstant(r.issuedAt as Text, 'issuedAt'),
    outgoingDocumentId: orNull(r.outgoingDocumentId as Text),
  };
}

function toWeeklySchedule(r: Raw): WeeklySchedule {
  return {
    unitId: r.unitId as string,
    week: convert.week(r.week as string, 'week'),
    publishedAt: convert.instant(r.publishedAt as string, 'publishedAt'),
  };
}

function toMailbox(r: Raw): MailboxObservation {
  return {
    personId: r.personId as string,
    address: r.address as string,
    lastActiveAt: convert.optionalInstant(r.lastActiveAt as Text, 'lastActiveAt'),
  };
}

const NORMALIZE: { [K in Exclude<RecordKind, 'document'>]: (r: Raw) => RecordOf[K] } = {
  unit: toUnit,
  person: toPerson,
  task: toTask,
  draft: toDraft,
  weeklySchedule: toWeeklySchedule,
  mailbox: toMailbox,
};

/** Which of the two values was meant cannot be known, so neither is taken (duplicate-key.ts). */
function duplicateKeyIssue(
  file: string,
  kind: IssueKind,
  raw: Raw,
  index: number | null,
  key: string,
): BundleIssue[] {
  return [issue(file, kind, idOf(kind, raw), index, visibleText(key), 'duplicate_key', {})];
}

function rejectedShape(file: string, kind: IssueKind, index: number | null): BundleIssue[] {
  return [issue(file, kind, null, index, null, 'not_an_object', {})];
}

/**
 * Validates and normalizes one record of `kind` read from `file` (its `index` in its array
 * locates a record without an id in messages).
 *
 * A document whose confidentiality is not `normal` (or not known to be) is cut down to id,
 * direction, confidentiality and date before any other field is read, so nothing else of it can
 * reach an issue, the dataset or memory held by it (DOMAIN.md §4).
 *
 * Every date and instant must fall in `range` (plausible-dates.ts); without one, only the lower
 * end of the default applies.
 */
export function validateRecord<K extends RecordKind>(
  kind: K,
  raw: unknown,
  file: string,
  index: number | null = null,
  range: PlausibleRange = LOWER_BOUND_ONLY,
  maxTextLength: number = Number.POSITIVE_INFINITY,
): ValidatedRecord<K> {
  if (!isObject(raw)) return { record: null, issues: rejectedShape(file, kind, index) };
  const duplicate = duplicateKeyOf(raw);
  if (duplicate !== undefined)
    return { record: null, issues: duplicateKeyIssue(file, kind, raw, index, duplicate) };
  let input = raw;
  let secret = false;
  if (kind === 'document' && raw.confidentiality !== 'normal') {
    secret = true;
    input = { id: raw.id, confidentiality: raw.confidentiality, direction: raw.direction, date: raw.date };
  }
  const long = overlongText(input, maxTextLength);
  if (long !== null)
    return { record: null, issues: [tooLongIssue(file, kind, input, index, long, maxTextLength)] };
  const validate = VALIDATORS[kind];
  if (!validate(input)) {
    const issues = mapErrors(validate.errors ?? [], file, kind, idOf(kind, input), index, secret);
    return { record: null, issues };
  }
  convert.reset(file, kind, input, index, secret, range);
  let record: RecordOf[RecordKind];
  if (kind === 'document')
    record = (secret ? toSecretDocument(input) : toOpenDocument(input)) satisfies Document;
  else record = NORMALIZE[kind as Exclude<RecordKind, 'document'>](input);
  if (convert.issues !== null) return { record: null, issues: convert.issues };
  const refused = checkCharacters(kind, record as unknown as Raw, input, file, index);
  if (refused !== null) return { record: null, issues: refused };
  return { record: record as RecordOf[K], issues: NO_ISSUES };
}

/**
 * The first text of `value` (any depth) longer than `max` characters, with its path: a source's
 * `maxTextLength` (sources.json `limits`), so a 200 MB subject is refused, not stored. A record is a
 * handful of fields, so the walk costs next to nothing when nothing is long.
 */
function overlongText(value: unknown, max: number, path = ''): { field: string; length: number } | null {
  if (typeof value === 'string') return value.length > max ? { field: path, length: value.length } : null;
  if (typeof value !== 'object' || value === null || max === Number.POSITIVE_INFINITY) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = overlongText(value[i], max, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const key in value) {
    // A key is text too, and JSON allows a long one.
    if (key.length > max) return { field: path === '' ? '(key)' : `${path}.(key)`, length: key.length };
    const found = overlongText((value as Raw)[key], max, path === '' ? key : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

function tooLongIssue(
  file: string,
  kind: IssueKind,
  input: Raw,
  index: number | null,
  long: { field: string; length: number },
  max: number,
): BundleIssue {
  const id = idOf(kind, input);
  // The id names the record, unless it is the overlong text itself.
  const shown = id !== null && id.length <= Math.min(max, 200) ? id : null;
  return issue(file, kind, shown, index, long.field, 'over_limit', {
    limit: 'maxTextLength',
    max,
    actual: long.length,
  });
}

/**
 * The stored text of each kind: identifiers and addresses (refused when a character is not
 * allowed) and what people read (cleaned). Values from a list and weeks are held to exact values
 * or a pattern by the schema already.
 */
const TEXT_FIELDS: Record<RecordKind, { ids: readonly string[]; free: readonly string[] }> = {
  unit: { ids: ['id', 'parentId', 'headId'], free: ['name'] },
  person: { ids: ['id', 'unitId', 'email'], free: ['name'] },
  document: { ids: ['id', 'unitId'], free: ['number', 'type', 'subject'] },
  task: { ids: ['id', 'documentId', 'assignerId', 'unitId', 'assigneeId'], free: ['title'] },
  draft: { ids: ['id', 'taskId', 'drafterId', 'unitId', 'outgoingDocumentId'], free: [] },
  weeklySchedule: { ids: ['unitId'], free: [] },
  mailbox: { ids: ['personId', 'address'], free: [] },
};

// Any character text-rules.ts might object to, surrogate pairs included: a cheap first test that
// almost no text passes, before the exact one.
const SUSPECT = /[\u0000-\u001F\u007F\uD800-\uDFFF]/;

/**
 * Checks the normalized record, which holds exactly what will be stored: free text is cleaned in
 * place, any other text (ids, references, addresses) with a character Postgres refuses or would
 * change is a rejection naming the field.
 */
function checkCharacters(
  kind: RecordKind,
  record: Raw,
  input: Raw,
  file: string,
  index: number | null,
): BundleIssue[] | null {
  let issues: BundleIssue[] | null = null;
  const refuse = (field: string, text: string) => {
    const bad = disallowedInId(text);
    if (bad === null) return;
    const params: IssueParams = { character: bad.what, codePoint: bad.codePoint };
    (issues ??= []).push(issue(file, kind, idOf(kind, input), index, field, 'disallowed_character', params));
  };
  const fields = TEXT_FIELDS[kind];
  for (const key of fields.ids) {
    const value = record[key];
    if (typeof value === 'string' && SUSPECT.test(value)) refuse(key, value);
  }
  for (const key of fields.free) {
    const value = record[key];
    if (typeof value === 'string' && SUSPECT.test(value)) record[key] = cleanText(value);
  }
  if (kind === 'draft') {
    const rounds = (record as unknown as Draft).reviewRounds;
    for (let i = 0; i < rounds.length; i++) {
      const reviewer = rounds[i].reviewerId;
      if (reviewer !== null && SUSPECT.test(reviewer)) refuse(`reviewRounds[${i}].reviewerId`, reviewer);
    }
  }
  return issues;
}

/** An entry of a bundle's `deleted`. */
export function validateTombstone(
  raw: unknown,
  file: string,
  index: number | null = null,
  maxTextLength: number = Number.POSITIVE_INFINITY,
): ValidatedTombstone {
  if (!isObject(raw)) return { tombstone: null, issues: rejectedShape(file, 'tombstone', index) };
  const long = overlongText(raw, maxTextLength);
  if (long !== null)
    return { tombstone: null, issues: [tooLongIssue(file, 'tombstone', raw, index, long, maxTextLength)] };
  const duplicate = duplicateKeyOf(raw);
  if (duplicate !== undefined)
    return { tombstone: null, issues: duplicateKeyIssue(file, 'tombstone', raw, index, duplicate) };
  const validate = VALIDATORS.tombstone;
  if (!validate(raw)) {
    return {
      tombstone: null,
      issues: mapErrors(validate.errors ?? [], file, 'tombstone', idOf('tombstone', raw), index, false),
    };
  }
  const bad = disallowedInId(raw.id as string);
  if (bad !== null) {
    const params: IssueParams = { character: bad.what, codePoint: bad.codePoint };
    return {
      tombstone: null,
      issues: [issue(file, 'tombstone', idOf('tombstone', raw), index, 'id', 'disallowed_character', params)],
    };
  }
  return { tombstone: { kind: raw.kind as Tombstone['kind'], id: raw.id as string }, issues: NO_ISSUES };
}

/** The bundle's `source`: informative only, so a bad one is reported and the import goes on. */
export function validateSource(raw: unknown, file: string): readonly BundleIssue[] {
  const validate = VALIDATORS.source;
  if (validate(raw)) return NO_ISSUES;
  return mapErrors(validate.errors ?? [], file, 'bundle', null, null, false).map((i) => ({
    ...i,
    field: i.field === null ? 'source' : `source.${i.field}`,
  }));
}
