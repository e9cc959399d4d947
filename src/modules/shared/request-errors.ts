/**
 * Error bodies people can act on: the parameter at fault is named, in Vietnamese and English
 * (the API's users are Vietnamese officials; their integrators may not be).
 */
import { BadRequestException, NotFoundException } from '@nestjs/common';

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
