import { describe, expect, it } from '@jest/globals';
import type { Person, Unit } from '../../../src/domain/model.js';
import type { Obligation, Status } from '../../../src/domain/rules/obligation.js';
import { finalizeScores } from '../../../src/domain/scoring/final-score.js';
import { computeScores } from '../../../src/domain/scoring/score.js';
import type {
  PhaseAdjustment,
  PhaseExemption,
  SnapshotContent,
} from '../../../src/domain/snapshots/snapshot-content.js';
import { buildSnapshotContent } from '../../../src/domain/snapshots/snapshot-content.js';
import { diffSnapshots } from '../../../src/domain/snapshots/snapshot-diff.js';
import { at } from '../../factories/dataset.factory.js';
import { config } from '../../factories/dataset.factory.js';

const campaign = config.campaigns.find((c) => c.phases.some((p) => p.id === '2025-1'))!;
const phase = campaign.phases.find((p) => p.id === '2025-1')!;
const units = new Map<string, Unit>(
  ['A', 'B'].map((id) => [id, { id, name: `Phòng ${id}`, parentId: null, headId: null }]),
);
const people = new Map<string, Person>([
  ['p1', { id: 'p1', name: 'Nguyễn Văn A', unitId: 'A', role: 'staff', email: null, active: true }],
]);

function ob(id: string, status: Status, unitId: string, phaseId = '2025-1', details = {}): Obligation {
  return {
    id,
    rule: 'plan',
    subjectId: id,
    unitId,
    personId: null,
    dueDate: null,
    status,
    doneAt: null,
    workingDaysLate: null,
    tight: false,
    anchor: null,
    phaseId,
    details,
  };
}

const exempt = ob('plan:o3', 'exempt', 'A', '2025-1', { exemptedStatus: 'overdue' });
const obligations = [ob('plan:o1', 'met', 'A'), ob('plan:o2', 'late', 'B'), exempt];
const exemptions: PhaseExemption[] = [
  {
    id: '7',
    obligation: exempt,
    by: 'token:3 (council)',
    at: at('2025-06-05 10:00'),
    reason: 'Nghỉ ốm dài ngày',
  },
  {
    id: '8',
    obligation: ob('plan:o9', 'exempt', 'B', '2025-2'),
    by: 'x',
    at: at('2025-06-05 10:00'),
    reason: 'another phase',
  },
];
const adjustment = (id: string, subjectId: string, points: number, when: string): PhaseAdjustment => ({
  id,
  phaseId: '2025-1',
  level: 'unit',
  subjectId,
  points,
  by: 'token:3 (council)',
  at: at(when),
  reason: 'Khen thưởng',
});

function content(adjustments: PhaseAdjustment[]): SnapshotContent {
  const computed = computeScores(obligations, config.campaigns, people.values(), { withEvidence: true });
  const entries = finalizeScores(computed, adjustments, config.campaigns, people.values());
  return buildSnapshotContent({ phase, campaign, entries, units, people, exemptions, adjustments });
}

describe('a snapshot with the council’s decisions', () => {
  it('shows each row’s computed score, adjustment and final score, ranked by the final one', () => {
    const c = content([
      adjustment('1', 'B', 30, '2025-06-05 11:00'),
      adjustment('2', 'B', 25.5, '2025-06-06 09:00'),
    ]);
    expect(c.units.map((u) => [u.id, u.rank, u.computedScore, u.adjustment, u.score, u.grade])).toEqual([
      ['A', 1, 100, 0, 100, 'excellent'],
      ['B', 2, 0, 55.5, 55.5, 'pass'],
    ]);
    expect(c.adjustments).toEqual([
      {
        id: '1',
        level: 'unit',
        subjectId: 'B',
        name: 'Phòng B',
        points: 30,
        by: 'token:3 (council)',
        at: '2025-06-05T11:00:00+07:00',
        reason: 'Khen thưởng',
      },
      expect.objectContaining({ id: '2', points: 25.5, at: '2025-06-06T09:00:00+07:00' }),
    ]);
  });

  it('lists the phase’s exemptions with the status each obligation would have had', () => {
    expect(content([]).exemptions).toEqual([
      {
        id: '7',
        obligationId: 'plan:o3',
        rule: 'plan',
        unitId: 'A',
        personId: null,
        exemptedStatus: 'overdue',
        by: 'token:3 (council)',
        at: '2025-06-05T10:00:00+07:00',
        reason: 'Nghỉ ốm dài ngày',
      },
    ]);
  });

  it('diffs the adjustments and exemptions between versions, and a version frozen before they existed', () => {
    const v1 = content([adjustment('1', 'B', 30, '2025-06-05 11:00')]);
    const v2 = content([
      adjustment('1', 'B', 30, '2025-06-05 11:00'),
      adjustment('2', 'B', 10, '2025-06-06 09:00'),
    ]);
    const d = diffSnapshots({ version: 1, content: v1 }, { version: 2, content: v2 });
    expect(d.adjustments).toEqual({ added: [v2.adjustments![1]], removed: [] });
    expect(d.exemptions).toEqual({ added: [], removed: [] });
    expect(d.changes).toEqual([
      expect.objectContaining({
        id: 'B',
        score: { before: 30, after: 40 },
        computedScore: { before: 0, after: 0 },
        adjustment: { before: 30, after: 40 },
        rules: [],
      }),
    ]);

    // A version frozen before: no decisions, no computed score or adjustment on its rows.
    const old = content([]);
    delete old.exemptions;
    delete old.adjustments;
    for (const r of [...old.units, ...old.people]) {
      delete r.computedScore;
      delete r.adjustment;
    }
    const fromOld = diffSnapshots({ version: 1, content: old }, { version: 2, content: content([]) });
    expect(fromOld.changes).toEqual([]);
    expect(fromOld.exemptions.added.map((e) => e.obligationId)).toEqual(['plan:o3']);
  });
});
