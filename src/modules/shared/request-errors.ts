/**
 * Error bodies people can act on: the parameter at fault is named, in Vietnamese and English
 * (the API's users are Vietnamese officials; their integrators may not be). The readers below are
 * what the request DTOs' field decorators (`request-dto.ts`) are made of.
 */
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { parseDay } from '../../domain/time.js';

export function badParameter(parameter: string, vi: string, en: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    parameter,
    message: `${parameter}: ${vi} / ${en}`,
  });
}

export function notFound(vi: string, en: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${vi} / ${en}` });
}

/** An optional whole number in [min, max]; absent → `fallback`. */
export function intParameter(
  parameter: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw badParameter(
      parameter,
      `phải là số nguyên từ ${min} đến ${max}, nhận được "${value}"`,
      `must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return n;
}

/** A query parameter given once: `?limit=1&limit=2` arrives as an array, which is a mistake. */
export function single(parameter: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw badParameter(parameter, 'chỉ được cho một lần', 'must be given once');
  }
  return value;
}

/** An optional identifier (unit, person, phase, …): printable, at most 200 characters. */
export function idParameter(parameter: string, value: unknown): string | undefined {
  const text = single(parameter, value);
  if (text === undefined || text === '') return undefined;
  if (text.length > 200 || /[\u0000-\u001f\u007f]/.test(text)) {
    throw badParameter(
      parameter,
      'phải là mã in được, tối đa 200 ký tự',
      'must be a printable id of at most 200 characters',
    );
  }
  return text;
}

/** An optional value from a closed list. */
export function enumParameter<T extends string>(
  parameter: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  const text = single(parameter, value);
  if (text === undefined || text === '') return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw badParameter(parameter, `chỉ nhận ${allowed.join(', ')}`, `must be one of ${allowed.join(', ')}`);
  }
  return text as T;
}

/** An optional calendar date `YYYY-MM-DD` that exists. */
export function dateParameter(parameter: string, value: unknown): string | undefined {
  const text = single(parameter, value);
  if (text === undefined || text === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || parseDay(text) === null) {
    throw badParameter(
      parameter,
      `"${text.slice(0, 40)}" không phải ngày YYYY-MM-DD`,
      `"${text.slice(0, 40)}" is not a date YYYY-MM-DD`,
    );
  }
  return text;
}

/** A JSON object body: anything else (an array, a string, nothing) is named as the mistake. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badParameter(
      'body',
      'cần một đối tượng JSON (Content-Type: application/json)',
      'a JSON object is required (Content-Type: application/json)',
    );
  }
  return body as Record<string, unknown>;
}
