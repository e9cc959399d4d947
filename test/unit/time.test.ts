import { describe, expect, it } from '@jest/globals';
import { formatDay, parseDay } from '../../src/domain/time.js';
describe('time', () => {
  it('round-trips', () => {
    expect(formatDay(parseDay('2024-02-29')!)).toBe('2024-02-29');
  });
});
