import { describe, expect, it } from '@jest/globals';
import { dataset, find, run, type DocSpec, type DraftSpec } from '../../factories/dataset.factory.js';

/** §3.5: one comment round per draft; three for a legal normative document. */
describe('review_rounds', () => {
  const rows: {
    name: string;
    doc?: Partial<DocSpec>;
    draft: Partial<DraftSpec>;
    asOf?: string;
    want: { status: string; rounds: number; allowed: number; phaseId: string | null };
  }[] = [
    {
      name: 'one round, not issued yet: pending',
      draft: { reviewRounds: ['2025-03-05 10:00'] },
      want: { status: 'pending', rounds: 1, allowed: 1, phaseId: null },
    },
    {
      name: 'one round, issued: met',
      draft: { reviewRounds: ['2025-03-05 10:00'], issuedAt: '2025-03-07 10:00' },
      want: { status: 'met', rounds: 1, allowed: 1, phaseId: '2025-1' },
    },
    {
      name: 'no round, issued: met',
      draft: { issuedAt: '2025-03-07 10:00' },
      want: { status: 'met', rounds: 0, allowed: 1, phaseId: '2025-1' },
    },
    {
      name: 'two rounds on an ordinary draft: violated',
      draft: { reviewRounds: ['2025-03-05 10:00', '2025-03-06 10:00'] },
      want: { status: 'violated', rounds: 2, allowed: 1, phaseId: '2025-1' },
    },
    {
      name: 'violated wins over a later issue',
      draft: { reviewRounds: ['2025-03-05 10:00', '2025-03-06 10:00'], issuedAt: '2025-03-07 10:00' },
      want: { status: 'violated', rounds: 2, allowed: 1, phaseId: '2025-1' },
    },
    {
      name: 'a legal normative draft may have three rounds',
      draft: {
        legalNormative: true,
        reviewRounds: ['2025-03-05 10:00', '2025-03-06 10:00', '2025-03-07 10:00'],
        issuedAt: '2025-03-10 10:00',
      },
      want: { status: 'met', rounds: 3, allowed: 3, phaseId: '2025-1' },
    },
    {
      name: 'a fourth round on a legal normative draft: violated',
      draft: {
        legalNormative: true,
        reviewRounds: ['2025-03-05 10:00', '2025-03-06 10:00', '2025-03-07 10:00', '2025-03-10 10:00'],
      },
      want: { status: 'violated', rounds: 4, allowed: 3, phaseId: '2025-1' },
    },
    {
      name: 'the flag absent on the draft: the document’s flag decides',
      doc: { legalNormative: true },
      draft: { reviewRounds: ['2025-03-05 10:00', '2025-03-06 10:00'] },
      want: { status: 'pending', rounds: 2, allowed: 3, phaseId: null },
    },
    {
      name: 'the draft’s own false flag wins over the document’s',
      doc: { legalNormative: true },
      draft: { legalNormative: false, reviewRounds: ['2025-03-05 10:00', '2025-03-06 10:00'] },
      want: { status: 'violated', rounds: 2, allowed: 1, phaseId: '2025-1' },
    },
    {
      name: 'a round after as-of does not count yet',
      draft: { reviewRounds: ['2025-03-05 10:00', '2025-03-25 10:00'] },
      asOf: '2025-03-20 17:00',
      want: { status: 'pending', rounds: 1, allowed: 1, phaseId: null },
    },
    {
      name: 'the phase is the breaking round’s: second round on 2 Jun falls in phase 2',
      draft: { reviewRounds: ['2025-05-30 10:00', '2025-06-02 10:00'] },
      asOf: '2025-06-30 17:00',
      want: { status: 'violated', rounds: 2, allowed: 1, phaseId: '2025-2' },
    },
  ];
  it.each(rows)('$name', ({ doc, draft, asOf, want }) => {
    const result = run(
      dataset({
        documents: [{ id: 'd', receivedAt: '2025-03-03 08:00', deadline: '2025-03-14', ...doc }],
        tasks: [{ id: 't', documentId: 'd', assignedAt: '2025-03-03 10:00' }],
        drafts: [{ id: 'dr', taskId: 't', ...draft }],
      }),
      { asOf: asOf ?? '2025-03-20 17:00' },
    );
    const ob = find(result, 'review_rounds:dr');
    expect({
      status: ob?.status,
      rounds: ob?.details.rounds,
      allowed: ob?.details.allowed,
      phaseId: ob?.phaseId,
    }).toEqual(want);
    expect(ob).toMatchObject({ dueDate: null, personId: 'CV', tight: false, workingDaysLate: null });
  });
});
