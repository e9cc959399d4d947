import { describe, expect, it } from '@jest/globals';
import type { StoredReferences } from '../../../src/domain/bundle/record-batch.js';
import { referencedIds, validateBatch } from '../../../src/domain/bundle/record-batch.js';
import { nothingStored, resolveReferences } from '../../../src/domain/bundle/reference-rules.js';
import type { RawBundle } from './bundle.factory.js';
import { draft, task } from './bundle.factory.js';

/** An incremental batch judged beside what is stored, as the sync and `dunghan import` judge one. */
function judge(part: RawBundle, stored: Partial<StoredReferences>) {
  const { batch, rejections } = validateBatch(part, 'b.json');
  const all = { ...nothingStored(), ...stored };
  const asked = referencedIds(batch, rejections);
  const { records, issues } = resolveReferences(batch, { stored: all, rejections, fileOf: () => 'b.json' });
  return { asked, records, issues: issues.map((i) => [i.kind, i.id, i.field, i.code, i.severity]) };
}

const STORED = {
  units: new Set(['VP']),
  people: new Set(['p2']),
  documents: new Set(['d1', 's1']),
  secretDocuments: new Set(['s1']),
};

describe('the reference rules, judging a batch beside what is stored', () => {
  it('keeps changed tasks and drafts whose unit, document and task are stored, and asks storage for them', () => {
    const { asked, records, issues } = judge(
      { tasks: [task()], drafts: [draft({ id: 'dr2', taskId: 't0' })] },
      {
        ...STORED,
        tasks: new Set(['t0']),
      },
    );
    expect(issues).toEqual([]);
    expect(records.tasks.map((t) => t.id)).toEqual(['t1']);
    expect(records.drafts.map((d) => d.id)).toEqual(['dr2']);
    expect(asked).toMatchObject({ units: ['VP'], documents: ['d1'], tasks: ['t0'] });
  });

  it('keeps a task of a stored confidential document, and its draft, as ids and links only, saying nothing', () => {
    const { records, issues } = judge(
      { tasks: [task({ documentId: 's1', unitId: 'NOWHERE' })], drafts: [draft({ drafterId: 'ghost' })] },
      STORED,
    );
    expect(issues).toEqual([]);
    expect(records.tasks).toEqual([
      expect.objectContaining({ id: 't1', documentId: 's1', title: null, secret: true }),
    ]);
    expect(records.drafts).toEqual([
      expect.objectContaining({ id: 'dr1', taskId: 't1', drafterId: '', secret: true }),
    ]);
  });

  it('withdraws the issues of a broken task of a stored confidential document and keeps its id and link', () => {
    const { records, issues } = judge(
      { tasks: [task({ documentId: 's1', deadline: '2031-02-29' })] },
      STORED,
    );
    expect(issues).toEqual([]);
    expect(records.tasks).toEqual([expect.objectContaining({ id: 't1', documentId: 's1', secret: true })]);
  });

  it('rejects a task whose unit exists nowhere, then its draft as pointing at a rejected record', () => {
    const { records, issues } = judge({ tasks: [task({ unitId: 'NOPE' })], drafts: [draft()] }, STORED);
    expect(issues).toEqual([
      ['task', 't1', 'unitId', 'unknown_unit', 'error'],
      ['draft', 'dr1', 'taskId', 'rejected_reference', 'error'],
    ]);
    expect(records.tasks.length + records.drafts.length).toBe(0);
  });
});
