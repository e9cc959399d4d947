/** Numbers, dates and times as the CLI writes them for people, and dates as a clerk types them. */
import { describe, expect, it } from '@jest/globals';
import { parseAsOf } from '../../../src/presentation/as-of.js';
import { parseInstant } from '../../../src/domain/time.js';
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  formatStoredTime,
  parseLocalDateTime,
} from '../../../src/presentation/formats.js';

const at = (iso: string) => parseInstant(iso)!;

describe('formats people read', () => {
  it.each([
    [70, 2, '70,00', '70.00'],
    [57.0249, 2, '57,02', '57.02'],
    [1234567.5, 1, '1.234.567,5', '1,234,567.5'],
    [-3.456, 1, '-3,5', '-3.5'],
    [-0.01, 1, '0,0', '0.0'],
    [999, 0, '999', '999'],
  ])('%p with %p decimals reads %p in Vietnamese, %p in English', (value, digits, vi, en) => {
    expect(formatNumber(value, 'vi', digits)).toBe(vi);
    expect(formatNumber(value, 'en', digits)).toBe(en);
  });

  it('writes shares as percentages with one decimal', () => {
    expect(formatPercent(0.84, 'vi')).toBe('84,0 %');
    expect(formatPercent(0.0769, 'en')).toBe('7.7 %');
  });

  it('writes instants in Vietnam time with the offset, never UTC', () => {
    expect(formatDateTime(at('2024-02-19T04:00:00Z'))).toBe('19/02/2024 11:00 +07:00');
    expect(formatDateTime(at('2024-05-08T23:59:59+07:00'))).toBe('08/05/2024 23:59:59 +07:00');
    expect(formatDateTime(at('2024-05-08T18:30:00Z'))).toBe('09/05/2024 01:30 +07:00');
    expect(formatStoredTime(new Date('2024-02-19T04:00:00Z'))).toBe('19/02/2024 11:00 +07:00');
    expect(formatStoredTime('2024-02-19T04:00:00.000Z')).toBe('19/02/2024 11:00 +07:00');
  });
});

describe('dates as a clerk types them', () => {
  it.each([
    ['08/05/2024', { minutes: null }],
    ['8/5/2024', { minutes: null }],
    ['08/05/2024 17:00', { minutes: 17 * 60 }],
    ['08/05/2024 7:05', { minutes: 7 * 60 + 5 }],
  ])('%p is a day and maybe a time', (text, want) => {
    expect(parseLocalDateTime(text)).toEqual({ day: parseLocalDateTime('08/05/2024')!.day, ...want });
  });

  it.each(['30/02/2024', '08/13/2024', '08/05/24', '08/05/2024 24:00', '08/05/2024 17:60', '2024-05-08'])(
    '%p is not one',
    (text) => expect(parseLocalDateTime(text)).toBeNull(),
  );

  it('gives --as-of the same instant as the ISO forms, in Vietnam time', () => {
    expect(parseAsOf('08/05/2024')).toBe(parseAsOf('2024-05-08'));
    expect(parseAsOf('08/05/2024')).toBe(at('2024-05-08T23:59:59+07:00'));
    expect(parseAsOf('08/05/2024 17:00')).toBe(at('2024-05-08T17:00:00+07:00'));
    expect(parseAsOf('30/02/2024')).toEqual({ error: 'invalid' });
  });
});
