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
