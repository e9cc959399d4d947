import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dayFromYmd, formatDay, parseDay, parseInstant, ymd } from '../../src/domain/time.js';

describe('time', () => {
  it('round-trips', () => {
    expect(formatDay(parseDay('2024-02-29')!)).toBe('2024-02-29');
  });

  it.each([
    ['0099-06-02', '0099-06-02'],
    ['0001-01-01', '0001-01-01'],
    ['0000-03-01', '0000-03-01'],
    ['1850-12-31', '1850-12-31'],
  ])('reads the year of %s exactly (no 0–99 → 1900–1999 mapping)', (text, expected) => {
    expect(formatDay(parseDay(text)!)).toBe(expected);
  });

  it('reads the year of an instant exactly: 0099-06-02T08:00:00+07:00 is not 1999', () => {
    const t = parseInstant('0099-06-02T08:00:00+07:00')!;
    expect(t).toBeLessThan(parseInstant('1900-01-01T00:00:00Z')!);
    expect(new Date(t).getUTCFullYear()).toBe(99);
    expect(new Date(t).toISOString()).toBe('0099-06-02T01:00:00.000Z');
  });

  it('agrees with Date.UTC from 1900 to 2200, and inverts ymd', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84000 }), (day) => {
        const { year, month, day: d } = ymd(day);
        expect(dayFromYmd(year, month, d)).toBe(day);
        expect(dayFromYmd(year, month, d)).toBe(Date.UTC(year, month - 1, d) / 86_400_000);
      }),
    );
  });

  it('agrees with Date.parse on instants with offsets', () => {
    for (const text of [
      '2025-03-10T08:30:15.250+07:00',
      '2024-02-29T23:59:59Z',
      '1999-12-31T17:00:00-05:30',
    ]) {
      expect(parseInstant(text)).toBe(Date.parse(text));
    }
  });
});
