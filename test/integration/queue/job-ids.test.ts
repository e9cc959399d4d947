import { describe, expect, it } from '@jest/globals';
import { assertJobId, jobIdFor, localDateOf, nightlyRunKey } from '../../../src/infra/queue/job-ids.js';

describe('nightlyRunKey', () => {
  it.each([
    // [firing instant (UTC), run key of the local night]
    ['2025-03-09T17:30:00Z', 'nightly:2025-03-10'], // 00:30 on the 10th in Hà Nội
    ['2025-03-09T16:59:59Z', 'nightly:2025-03-09'], // 23:59:59 on the 9th
    ['2025-03-09T17:00:00Z', 'nightly:2025-03-10'], // local midnight
    ['2024-12-31T18:30:00Z', 'nightly:2025-01-01'], // 01:30 on New Year's day
  ])('%s belongs to %s', (instant, key) => {
    expect(nightlyRunKey(new Date(instant))).toBe(key);
  });
});

describe('jobIdFor', () => {
  it.each([
    [['sync', 'ioffice', '2025-03-10'], 'sync__ioffice__2025-03-10'],
    [['digest', 'so-tu-phap', '2025-W11'], 'digest__so-tu-phap__2025-W11'],
    [['sync', 'ioffice', 'nightly:2025-03-10'], 'sync__ioffice__nightly-2025-03-10'],
    [['sync', 'sở tư pháp'], 'sync__s--t--ph-p'],
    [['20250310'], 'job-20250310'],
    [['2025', '03'], '2025__03'],
  ])('%j -> %s', (parts, id) => {
    expect(jobIdFor(...parts)).toBe(id);
    expect(() => assertJobId(id)).not.toThrow();
  });

  it('refuses empty parts, which would merge distinct jobs under one id', () => {
    expect(() => jobIdFor()).toThrow(/non-empty/);
    expect(() => jobIdFor('sync', '', '2025-03-10')).toThrow(/non-empty/);
  });

  it('names the local date of an instant', () => {
    expect(jobIdFor('sync', 'ioffice', localDateOf(new Date('2025-03-09T17:30:00Z')))).toBe(
      'sync__ioffice__2025-03-10',
    );
  });
});
