/**
 * A record stored with a date the working calendar cannot count (before the validator refused
 * such dates) is left out of the evaluation; it used to throw and stop the whole agency's.
 */
import { describe, expect, it } from '@jest/globals';
import { dataset, run } from '../../factories/dataset.factory.js';

describe('evaluate with one record the calendar cannot count', () => {
  const good = { id: 'good', receivedAt: '2025-03-03 09:00' };
  it.each([
    ['received in year 1', { id: 'bad', receivedAt: '0001-01-01T00:00:00Z' }],
    ['due in 1850', { id: 'bad', receivedAt: '2025-03-04 09:00', deadline: '1850-03-14' }],
    ['due in 2999', { id: 'bad', receivedAt: '2025-03-04 09:00', deadline: '2999-03-14' }],
  ])('a document %s: the others are judged, without a throw', (_, bad) => {
    const ds = dataset({
      documents: [good, bad],
      tasks: [{ id: 'task-of-bad', documentId: 'bad', assignedAt: '1850-03-03 09:00' }],
    });
    for (const trackingStart of [null, '2025-01-01']) {
      const ids = run(ds, { asOf: '2025-03-20 17:00', trackingStart }).obligations.map((o) => o.id);
      expect(ids).toContain('document_channel:good');
      expect(ids.filter((id) => /:(bad|task-of-bad)\b/.test(id))).toEqual([]);
    }
  });
});
