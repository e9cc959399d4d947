/**
 * With PUBLIC_URL set, each reminder item and each digest item links to its page on the workspace,
 * and a unit's digest to the unit's page; without it, the mail has no link at all.
 */
import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { unitDigest } from '../../../src/domain/digests/digest-content.js';
import { planReminders } from '../../../src/domain/reminders/reminder-planner.js';
import { slotAt } from '../../../src/domain/reminders/reminder-slot.js';
import { composeDigest } from '../../../src/presentation/mail/digest-composer.js';
import { composeReminders } from '../../../src/presentation/mail/reminder-composer.js';
import type { ReminderCandidate } from '../../../src/domain/reminders/reminder-planner.js';
import { taskLinker } from '../../../src/config/task-url.js';
import { at, calendar, dataset, run, type Spec } from '../../factories/dataset.factory.js';
import { scenario } from '../digests/digest-scenario.js';
import { candidatesOf, directoryOf, policy } from './reminder-fixtures.js';

const URL = 'https://dunghan.sotttt.gov.vn';

const spec: Spec = {
  documents: [{ id: 'cv12', number: '12/UBND-VP', deadline: '2025-05-06', receivedAt: '2025-04-21 08:00' }],
  tasks: [{ id: 'k', documentId: 'cv12', assignedAt: '2025-04-21 09:00' }],
  drafts: [{ id: 'kd', taskId: 'k' }],
};

function reminders(publicUrl: string | null) {
  const cal = calendar();
  const ds = dataset(spec);
  const candidates = candidatesOf(
    run(ds, { asOf: '2025-04-25T17:00:00+07:00', trackingStart: '2025-04-21' }),
    ds,
  );
  const slot = slotAt(at('2025-04-28T08:00:00+07:00'), policy, cal).slot!;
  const plan = planReminders({ slot, candidates, directory: directoryOf(ds), policy, calendar: cal });
  return composeReminders(plan.items, { slot, calendar: cal, lang: 'vi', publicUrl });
}

describe('links from the mail to the workspace', () => {
  it('links each reminder item to its page, named by document number, never an id alone', () => {
    const messages = reminders(URL);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages)
      for (const c of m.items) {
        const url = `${URL}/nghia-vu/${encodeURIComponent(c.item.obligationId)}`;
        expect(m.text).toContain(url);
        expect(m.html).toContain(`href="${url}"`);
        if (c.item.rule !== 'weekly_schedule') expect(c.label).toContain('12/UBND-VP');
      }
    for (const m of reminders(null)) {
      expect(m.text).not.toContain('/nghia-vu/');
      expect(m.html).not.toContain('href=');
    }
  });

  it('links a unit digest to the unit page and its items to theirs', () => {
    const digest = unitDigest(scenario().basis, 'VP');
    expect(digest.overdue.length + digest.dueSoon.length).toBeGreaterThan(0);
    const linked = composeDigest(digest, { lang: 'vi', chartCid: 'c', publicUrl: URL });
    expect(linked.html).toContain(`href="${URL}/don-vi/VP"`);
    expect(linked.text).toContain(`${URL}/don-vi/VP`);
    for (const item of [...digest.overdue, ...digest.dueSoon].slice(0, 25)) {
      const url = `${URL}/nghia-vu/${encodeURIComponent(item.obligationId)}`;
      expect(linked.html).toContain(`href="${url}"`);
      expect(linked.text).toContain(url);
    }
    const plain = composeDigest(digest, { lang: 'vi', chartCid: 'c' });
    expect(plain.html).not.toContain('/nghia-vu/');
    expect(plain.text).not.toContain('/don-vi/');
  });

  it('takes PUBLIC_URL as an http(s) address without a trailing slash, and names it when it is not one', () => {
    expect(loadAppConfig({ PUBLIC_URL: 'https://dunghan.sotttt.gov.vn/' }).publicUrl).toBe(URL);
    expect(loadAppConfig({}).publicUrl).toBeNull();
    for (const wrong of ['ftp://x.gov.vn', 'dunghan', 'https://x.gov.vn/?a=1'])
      expect(() => loadAppConfig({ PUBLIC_URL: wrong })).toThrow(/PUBLIC_URL/);
  });
});

describe('links from a reminder to the task in the office system', () => {
  const OFFICE = { template: 'https://ioffice.hanam.gov.vn/van-ban/{id}', idPrefix: 'io' };
  function withOffice(
    edit: (c: ReminderCandidate[]) => void = () => undefined,
    afterPlan: (c: ReminderCandidate[]) => void = () => undefined,
  ) {
    const cal = calendar();
    const ds = dataset(spec);
    const candidates = candidatesOf(
      run(ds, { asOf: '2025-04-25T17:00:00+07:00', trackingStart: '2025-04-21' }),
      ds,
    ).map((c) => ({ ...c, task: { id: 'io:k"<&>', source: 'ioffice' } }));
    edit(candidates);
    const slot = slotAt(at('2025-04-28T08:00:00+07:00'), policy, cal).slot!;
    const plan = planReminders({ slot, candidates, directory: directoryOf(ds), policy, calendar: cal });
    afterPlan(plan.items.map((i) => i.candidate));
    const link = taskLinker([{ name: 'ioffice', taskUrl: OFFICE }]);
    return composeReminders(plan.items, { slot, calendar: cal, lang: 'vi', publicUrl: URL, taskUrl: link });
  }

  it('shows the office link beside the page link, its id encoded', () => {
    const messages = withOffice();
    expect(messages.length).toBeGreaterThan(0);
    const office = 'https://ioffice.hanam.gov.vn/van-ban/k%22%3C%26%3E';
    for (const m of messages) {
      expect(m.text).toContain(`Mở nhiệm vụ trên hệ thống quản lý văn bản: ${office}`);
      expect(m.html).toContain(`· <a href="${office}">Mở nhiệm vụ trên hệ thống quản lý văn bản</a>`);
      expect(m.html).not.toContain('"<&>');
    }
  });

  it('shows none when the source has no template', () => {
    for (const m of reminders(URL)) expect(m.text).not.toContain('ioffice');
    const unknown = withOffice((list) => list.forEach((c) => (c.task = { id: 'k', source: 'inbox' })));
    for (const m of unknown) expect(m.text).not.toContain('hệ thống quản lý văn bản');
  });

  it('never for an item resting on a confidential document', () => {
    // The planner drops such items; were one to reach the composer, it still gets no office link.
    const messages = withOffice(undefined, (list) => list.forEach((c) => (c.excluded = true)));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.text).not.toContain('ioffice');
      expect(m.text).toContain(`${URL}/nghia-vu/`);
    }
  });
});

describe('links from a digest item to the task in the office system', () => {
  const office = (taskId: string) => `https://ioffice.hanam.gov.vn/van-ban/${encodeURIComponent(taskId)}`;

  it('beside the item’s page link, for items resting on a task', () => {
    const digest = unitDigest(scenario().basis, 'VP');
    const withTask = [...digest.overdue, ...digest.dueSoon].filter(
      (i) => (i.subject.kind === 'task' || i.subject.kind === 'draft') && i.subject.taskId !== null,
    );
    expect(withTask.length).toBeGreaterThan(0);
    const linked = composeDigest(digest, { lang: 'vi', chartCid: 'c', publicUrl: URL, taskUrl: office });
    for (const item of withTask.slice(0, 25)) {
      const s = item.subject as { taskId: string };
      expect(linked.text).toContain(`Mở trên hệ thống quản lý văn bản: ${office(s.taskId)}`);
      expect(linked.html).toContain(`href="${office(s.taskId)}"`);
    }
    const plain = composeDigest(digest, { lang: 'vi', chartCid: 'c', publicUrl: URL });
    expect(plain.text).not.toContain('ioffice');
    // A source without a template answers null: no link.
    const none = composeDigest(digest, { lang: 'vi', chartCid: 'c', publicUrl: URL, taskUrl: () => null });
    expect(none.text).not.toContain('hệ thống quản lý văn bản');
  });

  it('never for a task handling a confidential document', () => {
    const { basis } = scenario((d, obligations) => {
      d.tasks.get('t2')!.documentId = 'sec';
      return obligations;
    });
    const digest = unitDigest(basis, 'VP');
    const t2 = [...digest.overdue, ...digest.dueSoon].find((i) => i.obligationId === 'plan:t2');
    if (t2 !== undefined) expect(t2.subject).toMatchObject({ taskId: null });
    const text = composeDigest(digest, { lang: 'vi', chartCid: 'c', taskUrl: office }).text;
    expect(text).not.toContain(office('t2'));
  });
});
