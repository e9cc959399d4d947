import { describe, expect, it } from '@jest/globals';
import type { ReminderMessage } from '../../../src/presentation/mail/reminder-composer.js';
import { composeReminders, reminderMessageId } from '../../../src/presentation/mail/reminder-composer.js';
import type { ReminderCandidate } from '../../../src/domain/reminders/reminder-planner.js';
import { planReminders } from '../../../src/domain/reminders/reminder-planner.js';
import { slotAt } from '../../../src/domain/reminders/reminder-slot.js';
import { at, calendar, dataset, run, type Spec } from '../../factories/dataset.factory.js';
import { candidatesOf, directoryOf, policy } from './reminder-fixtures.js';

const cal = calendar();

function compose(
  spec: Spec,
  evaluatedAt: string,
  slotInstant: string,
  lang: 'vi' | 'en' = 'vi',
  edit?: (c: ReminderCandidate[]) => void,
): ReminderMessage[] {
  const ds = dataset(spec);
  const candidates = candidatesOf(run(ds, { asOf: evaluatedAt, trackingStart: '2025-04-21' }), ds).filter(
    (c) => c.rule !== 'weekly_schedule',
  );
  edit?.(candidates);
  const slot = slotAt(at(slotInstant), policy, cal).slot!;
  const plan = planReminders({ slot, candidates, directory: directoryOf(ds), policy, calendar: cal });
  return composeReminders(plan.items, { slot, calendar: cal, lang });
}

/**
 * Document 12/UBND-VP due Tue 6 May 2025: the drafter (CV) is due Mon 28 Apr, the unit (head TP)
 * Tue 29 Apr. A plan task p for CV, assigned Thu 24 Apr, is due Mon 28 Apr too.
 */
const spec: Spec = {
  documents: [{ id: 'cv12', number: '12/UBND-VP', deadline: '2025-05-06', receivedAt: '2025-04-21 08:00' }],
  tasks: [
    { id: 'k', documentId: 'cv12', assignedAt: '2025-04-21 09:00' },
    { id: 'p', assignedAt: '2025-04-24 09:00' },
  ],
  drafts: [{ id: 'kd', taskId: 'k' }],
};

describe('composer: one message per person per slot', () => {
  it('everything the drafter must hear at 08:00 on Tue 29 Apr comes in one message, overdue first', () => {
    const messages = compose(spec, '2025-04-29 01:30', '2025-04-29 08:00');
    expect(
      messages.map((m) => [m.to.map((a) => a.address), m.cc.map((a) => a.address), m.items.length]),
    ).toEqual([
      [['chaunm@hanam.gov.vn'], ['lanvt@hanam.gov.vn'], 2],
      [['lanvt@hanam.gov.vn'], [], 1],
    ]);
    const [drafter] = messages;
    expect(drafter.subject).toBe('[Đúng hạn] Nhắc hạn ngày 29/04/2025: 2 việc (2 quá hạn)');
    expect(drafter.text).toBe(
      [
        'Kính gửi đồng chí Ngô Minh Châu,',
        '',
        'Hệ thống Đúng hạn nhắc đồng chí các việc sau (tính đến 08:00 thứ Ba, 29/04/2025):',
        '',
        'QUÁ HẠN',
        '1. Nhiệm vụ p',
        '   Việc: Báo cáo kế hoạch thực hiện (3 ngày)',
        '   Hạn: thứ Hai 28/04/2025 — trễ 1 ngày làm việc',
        '   Căn cứ: 3 ngày làm việc sau ngày nhận nhiệm vụ 24/04 (nhiệm vụ không có thời hạn), tính cả thứ Bảy 26/4 làm bù',
        '   Đồng gửi: Vũ Thị Lan',
        '',
        '2. 12/UBND-VP — Nhiệm vụ k',
        '   Việc: Chuyên viên trình dự thảo cho lãnh đạo đơn vị',
        '   Hạn: thứ Hai 28/04/2025 — trễ 1 ngày làm việc',
        '   Căn cứ: 1 ngày làm việc trước hạn đơn vị trình lãnh đạo sở 29/04, tức 2 ngày làm việc trước hạn 06/05, trừ nghỉ lễ 30/4–2/5 (Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5; Hoán đổi ngày làm việc)',
        '   Đồng gửi: Vũ Thị Lan',
        '',
        '--',
        'Thư gửi tự động từ hệ thống Đúng hạn. Vui lòng không trả lời thư này.',
        '',
      ].join('\n'),
    );
  });

  it('the HTML says the same, escaped, with the items in order', () => {
    const [drafter] = compose(spec, '2025-04-29 01:30', '2025-04-29 08:00', 'vi', (cs) => {
      cs.find((c) => c.obligationId === 'plan:p')!.title = 'Báo cáo <Quý 2> & "kế hoạch"';
    });
    expect(drafter.html).toContain('<html lang="vi">');
    expect(drafter.html).toContain('Báo cáo &lt;Quý 2&gt; &amp; &quot;kế hoạch&quot;');
    expect(drafter.html).not.toContain('<Quý 2>');
    expect(drafter.html).toContain('Hạn: <strong>thứ Hai 28/04/2025 — trễ 1 ngày làm việc</strong>');
    expect(drafter.html.indexOf('12/UBND-VP')).toBeGreaterThan(drafter.html.indexOf('Quý 2'));
    expect(drafter.headers['Auto-Submitted']).toBe('auto-generated');
  });

  it('working days left, the due day, and a stage mix in the subject', () => {
    const [drafter, head] = compose(spec, '2025-04-26 01:30', '2025-04-28 08:00');
    expect(drafter.subject).toBe('[Đúng hạn] Nhắc hạn ngày 28/04/2025: 2 việc (2 đến hạn hôm nay)');
    expect(drafter.text).toContain('Hạn: thứ Hai 28/04/2025 — đến hạn hôm nay');
    expect(head.subject).toBe('[Đúng hạn] Nhắc hạn ngày 28/04/2025: 1 việc (1 sắp đến hạn)');
    expect(head.text).toContain('Hạn: thứ Ba 29/04/2025 — còn 1 ngày làm việc');
    expect(head.text).toContain('Việc: Đơn vị trình dự thảo cho lãnh đạo sở');
  });

  it('in English on request', () => {
    const [drafter] = compose(spec, '2025-04-29 01:30', '2025-04-29 08:00', 'en');
    expect(drafter.subject).toBe('[Đúng hạn] Deadline reminder for 29/04/2025: 2 items (2 overdue)');
    expect(drafter.text).toContain('Due: Monday 28/04/2025 — 1 working day late');
    expect(drafter.html).toContain('<html lang="en">');
  });
});

describe('composer: Message-ID', () => {
  const recipient = {
    personId: 'CV',
    name: 'Ngô Minh Châu',
    address: 'chaunm@hanam.gov.vn',
  };
  const slot = { day: 20207, at: at('2025-04-29 08:00') };
  it('is the same for the same recipient, slot and reminders, in any order', () => {
    expect(reminderMessageId(recipient, slot, ['a|due|2025-04-29', 'b|before|2025-04-30'])).toBe(
      reminderMessageId(recipient, slot, ['b|before|2025-04-30', 'a|due|2025-04-29']),
    );
    expect(reminderMessageId(recipient, slot, ['a|due|2025-04-29'])).toMatch(
      /^<reminder\.20250429T0800\.[0-9a-f]{24}@dunghan>$/,
    );
  });
  it('differs for another recipient, another slot, or other reminders', () => {
    const base = reminderMessageId(recipient, slot, ['a|due|2025-04-29']);
    expect(
      reminderMessageId({ ...recipient, address: 'x@hanam.gov.vn' }, slot, ['a|due|2025-04-29']),
    ).not.toBe(base);
    expect(
      reminderMessageId(recipient, { day: 20208, at: at('2025-04-30 08:00') }, ['a|due|2025-04-29']),
    ).not.toBe(base);
    expect(reminderMessageId(recipient, slot, ['a|due|2025-04-29', 'c|due|2025-04-29'])).not.toBe(base);
  });
  it('composing the same slot twice gives the same messages', () => {
    const a = compose(spec, '2025-04-29 01:30', '2025-04-29 08:00');
    const b = compose(spec, '2025-04-29 01:30', '2025-04-29 08:00');
    expect(a.map((m) => m.messageId)).toEqual(b.map((m) => m.messageId));
    expect(new Set(a.map((m) => m.messageId)).size).toBe(a.length);
  });
});
