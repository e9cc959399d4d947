import { describe, expect, it } from '@jest/globals';
import { DatasetBuilder } from '../../../src/domain/bundle/dataset-builder.js';
import { validateRecord } from '../../../src/domain/bundle/record-validator.js';
import type { RecordKind, RecordOf } from '../../../src/domain/model.js';
import type { RawRecord } from './bundle.factory.js';
import { draft, incoming, person, secretDocument, task, unit } from './bundle.factory.js';

/** A normalized record from a raw one, through the real validator. */
function rec<K extends RecordKind>(kind: K, raw: RawRecord): RecordOf[K] {
  const { record, issues } = validateRecord(kind, raw, 'factory');
  if (record === null) throw new Error(`factory record rejected: ${JSON.stringify(issues)}`);
  return record;
}

function base(b: DatasetBuilder): void {
  b.add('unit', rec('unit', unit()));
  b.add('person', rec('person', person({ id: 'p1' })));
  b.add('person', rec('person', person()));
}

describe('DatasetBuilder', () => {
  it('applies a deletion at the end of its bundle, even before a record of the same bundle is added', () => {
    const b = new DatasetBuilder();
    b.beginBundle('a.json');
    base(b);
    b.delete({ kind: 'task', id: 't1' });
    b.add('task', rec('task', task({ documentId: null })));
    expect(() => b.finish()).toThrow(/endBundle/);
    b.endBundle();
    const { dataset, issues } = b.finish();
    expect(issues).toEqual([]);
    expect(dataset.tasks.has('t1')).toBe(false);
  });

  it('reports nothing about a task that handles a secret, not even its unknown people or unit', () => {
    const b = new DatasetBuilder();
    b.beginBundle('a.json');
    base(b);
    b.add('document', rec('document', secretDocument()));
    b.add('task', rec('task', task({ id: 't5', documentId: 's1', unitId: 'nowhere', assigneeId: 'ghost' })));
    b.add('draft', rec('draft', draft({ id: 'dr5', taskId: 't5', unitId: 'nowhere', drafterId: 'ghost' })));
    b.endBundle();
    const { dataset, issues } = b.finish();
    expect(issues).toEqual([]);
    expect(dataset.tasks.get('t5')).toMatchObject({
      id: 't5',
      documentId: 's1',
      unitId: '',
      assigneeId: null,
      secret: true,
    });
    expect(dataset.drafts.get('dr5')).toMatchObject({
      id: 'dr5',
      taskId: 't5',
      unitId: '',
      drafterId: '',
      secret: true,
    });
  });

  it('decides secrecy on the merged data: a later bundle that makes the document confidential hides its task', () => {
    const b = new DatasetBuilder();
    b.beginBundle('a.json');
    base(b);
    b.add('document', rec('document', incoming()));
    b.add('task', rec('task', task()));
    b.endBundle();
    b.beginBundle('b.json');
    b.add('document', rec('document', incoming({ confidentiality: 'top_secret' })));
    b.endBundle();
    const { dataset } = b.finish();
    expect(dataset.tasks.get('t1')?.secret).toBe(true);
    expect(dataset.tasks.get('t1')?.title).toBeNull();
  });

  it('warns about a unit whose head or parent is not known, and keeps it', () => {
    const b = new DatasetBuilder();
    b.beginBundle('a.json');
    base(b);
    b.add('unit', rec('unit', unit({ id: 'KT', name: 'Phòng Kế toán', parentId: 'SO', headId: 'p404' })));
    b.endBundle();
    const { dataset, issues } = b.finish();
    expect(issues.map((i) => [i.file, i.id, i.field, i.code, i.severity])).toEqual([
      ['a.json', 'KT', 'parentId', 'unknown_unit', 'warning'],
      ['a.json', 'KT', 'headId', 'unknown_person', 'warning'],
    ]);
    expect(dataset.units.has('KT')).toBe(true);
  });

  it('drops a document of an unknown unit and then says so for its tasks', () => {
    const b = new DatasetBuilder();
    b.beginBundle('a.json');
    base(b);
    b.add('document', rec('document', incoming({ unitId: 'XX' })));
    b.add('task', rec('task', task()));
    b.endBundle();
    const { dataset, issues } = b.finish();
    expect(issues.map((i) => [i.kind, i.id, i.field, i.code, i.params.ref])).toEqual([
      ['document', 'd1', 'unitId', 'unknown_unit', 'XX'],
      ['task', 't1', 'documentId', 'rejected_reference', 'd1'],
    ]);
    expect(dataset.documents.size + dataset.tasks.size).toBe(0);
  });

  it('refuses to be used out of order', () => {
    const b = new DatasetBuilder();
    expect(() => b.add('unit', rec('unit', unit()))).toThrow(/beginBundle/);
    b.beginBundle('a.json');
    expect(() => b.beginBundle('b.json')).toThrow(/endBundle/);
    b.endBundle();
    b.finish();
    expect(() => b.beginBundle('c.json')).toThrow(/finish/);
  });
});
