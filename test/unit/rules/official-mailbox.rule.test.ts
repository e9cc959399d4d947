import { describe, expect, it } from '@jest/globals';
import { dataset, find, run } from '../../factories/dataset.factory.js';

/** §3.8: every official uses the official mailbox, judged per phase. */
describe('official_mailbox', () => {
  const rows: {
    name: string;
    email: string | null;
    mailboxes: { address: string; lastActiveAt: string | null }[];
    asOf: string;
    phase1: string | undefined;
    phase2?: string | undefined;
  }[] = [
    {
      name: 'official address active inside the phase: met',
      email: 'x@hanam.gov.vn',
      mailboxes: [{ address: 'x@hanam.gov.vn', lastActiveAt: '2025-03-10 08:00' }],
      asOf: '2025-03-20 17:00',
      phase1: 'met',
    },
    {
      name: 'only a gmail address: violated at once',
      email: 'x@gmail.com',
      mailboxes: [{ address: 'x@gmail.com', lastActiveAt: '2025-03-10 08:00' }],
      asOf: '2025-03-20 17:00',
      phase1: 'violated',
    },
    {
      name: 'no address at all: violated',
      email: null,
      mailboxes: [],
      asOf: '2025-03-20 17:00',
      phase1: 'violated',
    },
    {
      name: 'official address, no activity yet, phase open: pending',
      email: 'x@hanam.gov.vn',
      mailboxes: [],
      asOf: '2025-03-20 17:00',
      phase1: 'pending',
    },
    {
      name: 'official address, no activity in an ended phase: violated',
      email: 'x@hanam.gov.vn',
      mailboxes: [],
      asOf: '2025-06-02 17:00',
      phase1: 'violated',
      phase2: 'pending',
    },
    {
      name: 'activity in phase 1 does not satisfy phase 2',
      email: 'x@hanam.gov.vn',
      mailboxes: [{ address: 'x@hanam.gov.vn', lastActiveAt: '2025-05-20 08:00' }],
      asOf: '2025-11-05 17:00',
      phase1: 'met',
      phase2: 'violated',
    },
    {
      name: 'an older observation still proves phase 1 after a later import',
      email: 'x@hanam.gov.vn',
      mailboxes: [
        { address: 'x@hanam.gov.vn', lastActiveAt: '2025-05-20 08:00' },
        { address: 'x@hanam.gov.vn', lastActiveAt: '2025-07-01 08:00' },
      ],
      asOf: '2025-07-10 17:00',
      phase1: 'met',
      phase2: 'met',
    },
    {
      name: 'the domain compares without case',
      email: 'X@HaNam.Gov.VN',
      mailboxes: [{ address: 'X@HANAM.GOV.VN', lastActiveAt: '2025-03-10 08:00' }],
      asOf: '2025-03-20 17:00',
      phase1: 'met',
    },
    {
      name: 'a subdomain is another domain',
      email: 'x@stttt.hanam.gov.vn',
      mailboxes: [{ address: 'x@stttt.hanam.gov.vn', lastActiveAt: '2025-03-10 08:00' }],
      asOf: '2025-03-20 17:00',
      phase1: 'violated',
    },
    {
      name: 'a personal email but an official mailbox in the directory: met',
      email: 'x@gmail.com',
      mailboxes: [{ address: 'x@hanam.gov.vn', lastActiveAt: '2025-03-10 08:00' }],
      asOf: '2025-03-20 17:00',
      phase1: 'met',
    },
    {
      name: 'activity seen after as-of is not known yet',
      email: 'x@hanam.gov.vn',
      mailboxes: [{ address: 'x@hanam.gov.vn', lastActiveAt: '2025-03-25 08:00' }],
      asOf: '2025-03-20 17:00',
      phase1: 'pending',
    },
  ];
  it.each(rows)('$name', ({ email, mailboxes, asOf, phase1, phase2 }) => {
    const result = run(
      dataset({ people: [{ id: 'X', email }], mailboxes: mailboxes.map((m) => ({ personId: 'X', ...m })) }),
      { asOf },
    );
    expect(find(result, 'official_mailbox:X:2025-1')?.status).toBe(phase1);
    expect(find(result, 'official_mailbox:X:2025-2')?.status).toBe(phase2);
  });

  it('only for active people, and only for phases from trackingStart to as-of', () => {
    const ds = dataset({ people: [{ id: 'OLD', email: 'old@hanam.gov.vn', active: false }] });
    const result = run(ds, { asOf: '2025-07-10 17:00', trackingStart: '2025-06-15' });
    expect(find(result, 'official_mailbox:OLD:2025-2')).toBeUndefined();
    expect(find(result, 'official_mailbox:CV:2025-1')).toBeUndefined();
    expect(find(result, 'official_mailbox:CV:2025-2')).toMatchObject({
      unitId: 'VP',
      personId: 'CV',
      phaseId: '2025-2',
      subjectId: 'CV:2025-2',
    });
  });
});
