/**
 * Reminders, digests and pages name a task by its document number and subject — never by the
 * internal id alone, and never with "không có số văn bản" standing in for the subject.
 */
import { describe, expect, it } from '@jest/globals';
import type { ReminderCandidate, ReminderItem } from '../../../src/domain/reminders/reminder-planner.js';
import { itemLabel } from '../../../src/presentation/mail/reminder-composer.js';
import { composeDigest } from '../../../src/presentation/mail/digest-composer.js';
import { unitDigest } from '../../../src/domain/digests/digest-content.js';
import { subjectLabel } from '../../../src/presentation/web/web-kit.js';
import { scenario } from '../digests/digest-scenario.js';

function reminder(candidate: Partial<ReminderCandidate>): ReminderItem {
  return {
    candidate: {
      obligationId: 'plan:e2',
      rule: 'plan',
      unitId: 'VP',
      personId: 'CV',
      dueDate: null,
      status: 'overdue',
      tight: false,
      details: {},
      documentNumber: null,
      title: null,
      unitName: 'Văn phòng',
      excluded: false,
      ...candidate,
    },
  } as unknown as ReminderItem;
}

describe('a reminder names the task', () => {
  it.each([
    [
      'number and subject',
      { documentNumber: '12/UBND-VP', title: 'Báo cáo chuyển đổi số' },
      '12/UBND-VP — Báo cáo chuyển đổi số',
    ],
    [
      'the subject alone when the task has no document number',
      { title: 'Báo cáo chuyển đổi số' },
      'Báo cáo chuyển đổi số',
    ],
    ['the number alone when the source gave no subject', { documentNumber: '12/UBND-VP' }, '12/UBND-VP'],
    [
      'a clear phrase with the id only when there is no text at all',
      { title: '  ' },
      'Việc chưa có tiêu đề và số văn bản trong nguồn dữ liệu (mã plan:e2)',
    ],
  ])('%s', (_, candidate, label) => {
    expect(itemLabel(reminder(candidate), 'vi')).toBe(label);
    expect(itemLabel(reminder(candidate), 'vi')).not.toContain('không có số văn bản');
  });

  it('in English too', () => {
    expect(itemLabel(reminder({}), 'en')).toBe(
      'An item without a title or document number in the source (id plan:e2)',
    );
  });
});

describe('a digest item and a page name the task', () => {
  it('by its document number and, without a title of its own, the document subject', () => {
    const { basis, ds } = scenario((d, obligations) => {
      const t2 = d.tasks.get('t2')!;
      t2.title = null;
      t2.documentId = 'e1';
      Object.assign(d.documents.get('e1')!, {
        number: '45/STTTT-VP',
        subject: 'Về việc báo cáo chuyển đổi số quý II',
      });
      return obligations;
    });
    const vp = unitDigest(basis, 'VP');
    expect(vp.overdue[0].subject).toEqual({
      kind: 'task',
      id: 't2',
      number: '45/STTTT-VP',
      title: 'Về việc báo cáo chuyển đổi số quý II',
      taskId: 't2',
    });
    const text = composeDigest(vp, { lang: 'vi', chartCid: 'c' }).text;
    expect(text).toContain('45/STTTT-VP — Về việc báo cáo chuyển đổi số quý II');
    const ob = { id: 'plan:t2', rule: 'plan', subjectId: 't2', personId: null, details: {} };
    expect(subjectLabel(ob as never, ds, 'vi')).toBe('45/STTTT-VP — Về việc báo cáo chuyển đổi số quý II');
  });

  it('with a clear phrase and the id only when the source gave no text at all', () => {
    const { basis, ds } = scenario((d, obligations) => {
      const t2 = d.tasks.get('t2')!;
      t2.title = null;
      t2.documentId = null;
      return obligations;
    });
    const text = composeDigest(unitDigest(basis, 'VP'), { lang: 'vi', chartCid: 'c' }).text;
    expect(text).toContain('Nhiệm vụ chưa có tiêu đề trong nguồn dữ liệu (mã t2)');
    const ob = { id: 'plan:t2', rule: 'plan', subjectId: 't2', personId: null, details: {} };
    expect(subjectLabel(ob as never, ds, 'vi')).toBe(
      'Nhiệm vụ chưa có tiêu đề và số văn bản trong nguồn dữ liệu (mã t2)',
    );
  });

  it('never from a confidential document', () => {
    const { basis, ds } = scenario((d, obligations) => {
      const t2 = d.tasks.get('t2')!;
      t2.title = null;
      t2.documentId = 'sec';
      // A secret document carries no text; were some to reach it, it must still not be read.
      Object.assign(d.documents.get('sec')!, { number: '07/MẬT', subject: 'Nội dung mật' });
      return obligations;
    });
    const text = composeDigest(unitDigest(basis, 'VP'), { lang: 'vi', chartCid: 'c' }).text;
    expect(text).not.toContain('07/MẬT');
    expect(text).not.toContain('Nội dung mật');
    const ob = { id: 'plan:t2', rule: 'plan', subjectId: 't2', personId: null, details: {} };
    expect(subjectLabel(ob as never, ds, 'vi')).not.toMatch(/07\/MẬT|Nội dung mật/);
  });
});
