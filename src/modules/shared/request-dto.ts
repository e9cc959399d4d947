/**
 * Request DTOs: a route's query string or JSON body is a class whose fields carry one decorator
 * each, and that decorator is both the field's check and its OpenAPI description — the way the
 * response classes (`*.responses.ts`) document answers. `RequestPipe` (global in the API module)
 * turns the raw query or body into an instance of the class, or refuses the request with 400
 * naming the field and the reason, Vietnamese first (`badParameter`).
 *
 * Why not class-validator: it runs under ESM Jest (with `reflect-metadata` loaded), but the errors
 * people see name one field with the value received and a reason in both languages, tell a
 * repeated query key ("given once") from a bad value, and read `limit` as the page size of the
 * lists that once took it; each of those would be a custom constraint plus a transform declared
 * apart from it. Here a field's parse is the check and the conversion at once.
 */
import type { ArgumentMetadata, PipeTransform, Type } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import 'reflect-metadata';
import {
  badParameter,
  bodyObject,
  dateParameter,
  enumParameter,
  idParameter,
  intParameter,
  single,
} from './request-errors.js';

/** Reads one field from the raw request (`raw` holds the others, for a field that depends on them). */
export type FieldParse = (value: unknown, field: string, raw: Record<string, unknown>) => unknown;

interface RequestField {
  key: string;
  parse: FieldParse;
  required: boolean;
}

const FIELDS = Symbol('request fields');
const WHOLE = Symbol('request body kept whole');

/**
 * A body passed on whole, for a reader that checks every entry and field of it (a calendar year,
 * a campaign: the readers of the configuration files, which name the entry at fault): the declared
 * fields are checked and documented, and the fields they do not declare are kept, not dropped.
 */
export function WholeBody(): ClassDecorator {
  return (target) => Reflect.defineMetadata(WHOLE, true, target);
}

/** The fields a DTO class declares, its parents' first. */
export function requestFields(dto: unknown): readonly RequestField[] {
  return typeof dto === 'function' ? ((Reflect.getMetadata(FIELDS, dto) as RequestField[]) ?? []) : [];
}

/** Whether a class is a request DTO (declares at least one field). */
export function isRequestDto(dto: unknown): dto is Type<object> {
  return requestFields(dto).length > 0;
}

/**
 * The decorator every field decorator is made of: registers `parse` for the field and documents
 * it. A subclass adds to its parent's fields without changing them.
 */
export function RequestField(parse: FieldParse, api: ApiPropertyOptions): PropertyDecorator {
  return (target, key) => {
    const ctor = target.constructor;
    const inherited = (Reflect.getMetadata(FIELDS, ctor) as RequestField[] | undefined) ?? [];
    const field = { key: String(key), parse, required: (api as { required?: unknown }).required === true };
    Reflect.defineMetadata(FIELDS, [...inherited, field], ctor);
    ApiProperty({ required: false, ...api } as ApiPropertyOptions)(target, key);
  };
}

type Doc = Omit<ApiPropertyOptions, 'type' | 'enum' | 'required'>;

// ------------------------------------------------------------------------------------------------
// Query string fields: each arrives as a string, or as an array when the key is repeated.

/** An optional identifier (unit, person, phase, …): printable, at most 200 characters. */
export const IdQuery = (doc: Doc = {}) => RequestField((v, f) => idParameter(f, v), { type: String, ...doc });

/** An optional value from a closed list. */
export const EnumQuery = (values: readonly string[], doc: Doc = {}) =>
  RequestField((v, f) => enumParameter(f, v, values), { type: String, enum: [...values], ...doc });

/** An optional calendar date `YYYY-MM-DD` that exists. */
export const DateQuery = (doc: Doc = {}) =>
  RequestField((v, f) => dateParameter(f, v), { type: String, format: 'date', ...doc });

/** An optional text given once (its format checked by the route, e.g. an instant). */
export const TextQuery = (doc: Doc = {}) =>
  RequestField(
    (v, f) => {
      const text = single(f, v);
      return text === '' ? undefined : text;
    },
    { type: String, ...doc },
  );

/** A whole number in [min, max]; absent → `fallback` (undefined: absent stays absent). */
export const IntQuery = (range: { min: number; max: number; fallback?: number }, doc: Doc = {}) =>
  RequestField(
    (v, f) => {
      const text = single(f, v);
      if (range.fallback === undefined && (text === undefined || text === '')) return undefined;
      return intParameter(f, text, range.fallback ?? range.min, range.min, range.max);
    },
    { type: Number, minimum: range.min, maximum: range.max, ...doc },
  );

/** A whole number in [min, max] that must be given. */
export const RequiredIntQuery = (range: { min: number; max: number }, doc: Doc = {}) =>
  RequestField(
    (v, f) => {
      const text = single(f, v);
      if (text === undefined || text === '') throw badParameter(f, 'bắt buộc', 'is required');
      return intParameter(f, text, range.min, range.min, range.max);
    },
    { type: Number, minimum: range.min, maximum: range.max, required: true, ...doc },
  );

// ------------------------------------------------------------------------------------------------
// JSON body fields.

/** A string field, required; its content is checked where it is used (the service). */
export const StringField = (doc: Doc = {}) =>
  RequestField(
    (v, f) => {
      if (typeof v !== 'string') throw badParameter(f, 'cần chuỗi ký tự', 'must be a string');
      return v;
    },
    { type: String, required: true, ...doc },
  );

/** A text field, trimmed, 1…max characters; `optional`: may be left out. */
export const TextField = (max: number, options: { optional?: boolean } & Doc = {}) => {
  const { optional = false, ...doc } = options;
  return RequestField(
    (v, f) => {
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
        throw badParameter(
          f,
          `cần chuỗi ký tự không rỗng, tối đa ${max} ký tự`,
          `must be a non-empty string of at most ${max} characters`,
        );
      }
      return v.trim();
    },
    { type: String, maxLength: max, required: !optional, ...doc },
  );
};

/** A required value from a closed list. */
export const EnumField = (values: readonly string[], doc: Doc = {}) =>
  RequestField(
    (v, f) => {
      if (typeof v !== 'string' || !values.includes(v))
        throw badParameter(f, `chỉ nhận ${values.join(', ')}`, `must be one of ${values.join(', ')}`);
      return v;
    },
    { type: String, enum: [...values], required: true, ...doc },
  );

/** A required finite number (its range is checked where it is used). */
export const NumberField = (doc: Doc & { vi: string; en: string }) => {
  const { vi, en, ...rest } = doc;
  return RequestField(
    (v, f) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badParameter(f, vi, en);
      return v;
    },
    { type: Number, required: true, ...rest },
  );
};

/**
 * A field taken as given, for a body checked whole by the reader it shares with a configuration
 * file (a loaded calendar year, a campaign): that reader names the entry and the field at fault.
 */
export const CheckedElsewhere = (api: ApiPropertyOptions) => RequestField((v) => v, api);

// ------------------------------------------------------------------------------------------------

/**
 * Builds a request DTO from the raw query or body: every declared field parsed in order (the
 * first at fault refuses the request), nothing else copied. A body must be a JSON object; a DTO
 * whose fields are all optional also takes no body at all.
 */
export function parseRequest<T extends object>(dto: Type<T>, raw: unknown, from: 'query' | 'body'): T {
  const fields = requestFields(dto);
  let source: Record<string, unknown>;
  if (from === 'body') {
    const empty =
      raw === undefined ||
      raw === null ||
      (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0);
    source = empty && !fields.some((f) => f.required) ? {} : bodyObject(raw);
  } else {
    source = (raw ?? {}) as Record<string, unknown>;
  }
  const out = new dto() as Record<string, unknown>;
  if (Reflect.getMetadata(WHOLE, dto) === true) Object.assign(out, source);
  for (const { key, parse } of fields) {
    const value = parse(source[key], key, source);
    if (value !== undefined) out[key] = value;
    else delete out[key];
  }
  return out as T;
}

/** The global pipe: a `@Query()` or `@Body()` typed with a request DTO is parsed into it. */
@Injectable()
export class RequestPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if ((metadata.type !== 'query' && metadata.type !== 'body') || metadata.data !== undefined) return value;
    if (!isRequestDto(metadata.metatype)) return value;
    return parseRequest(metadata.metatype, value, metadata.type);
  }
}
