import { describe, expect, it } from '@jest/globals';
import type { Person } from '../../../src/domain/model.js';
import type { Obligation, RuleId, Status } from '../../../src/domain/rules/obligation.js';
import { RULES } from '../../../src/domain/rules/obligation.js';
import type { AdjustmentTotal } from '../../../src/domain/scoring/final-score.js';
import { finalizeScores } from '../../../src/domain/scoring/final-score.js';
import type { SubjectTally } from '../../../src/domain/scoring/score.js';
import { computeScores, scoreTallies } from '../../../src/domain/scoring/score.js';
import { config } from '../../factories/dataset.factory.js';

let seq = 0;
function ob(rule: RuleId, status: Status, unitId: string, personId: string | null = null): Obligation {
  seq++;
  return {
    id: `${rule}:x${seq}`,
    rule,
    subjectId: `x${seq}`,
    unitId,
    personId,
    dueDate: null,
    status,
    doneAt: null,
    workingDaysLate: null,
    tight: false,
    anchor: null,
    phaseId: '2025-1',
    details: {},
  };
}
const person = (id: string, unitId: string): Person => ({
  id,
  name: id,
  unitId,
  role: 'staff',
  email: null,
  active: true,
});
const adjust = (level: 'unit' | 'person', subjectId: string, points: number): AdjustmentTotal => ({
  phaseId: '2025-1',
  level,
  subjectId,
  points,
});

/** Units scoring 100 (A), 50 (B, C, X) and 25 (D); A's people P1 (100) and P2 (50). */
const obligations = [
  ob('plan', 'met', 'A', 'P1'),
  ob('plan', 'met', 'B'),
  ob('plan', 'late', 'B'),
  ob('plan', 'met', 'C'),
  ob('plan', 'violated', 'C'),
  ob('plan', 'met', 'D'),
  ob('plan', 'late', 'D'),
  ob('plan', 'late', 'D'),
  ob('plan', 'overdue', 'D'),
  ob('weekly_schedule', 'met', 'X', 'P2'),
  ob('weekly_schedule', 'late', 'X', 'P2'),
];
const people = [person('P1', 'A'), person('P2', 'A')];
const computed = computeScores(obligations, config.campaigns, people);
const final = (adjustments: AdjustmentTotal[]) =>
  finalizeScores(computed, adjustments, config.campaigns, people);
const row = (rows: ReturnType<typeof final>, level: 'unit' | 'person', id: string) =>
  rows.find((r) => r.level === level && r.id === id)!;

describe('final scores', () => {
  it('without adjustments: the computed scores, grades and shares, units ranked 1, 2, 2, 2, 5', () => {
    const rows = final([]);
    for (const [i, r] of rows.entries()) {
      expect(r).toEqual({
        ...computed[i],
        computedScore: computed[i].score,
        adjustment: 0,
        rank: r.level === 'unit' ? r.rank : null,
      });
    }
    expect(rows.filter((r) => r.level === 'unit').map((r) => [r.id, r.score, r.rank])).toEqual([
      ['A', 100, 1],
      ['B', 50, 2],
      ['C', 50, 2],
      ['D', 25, 5],
      ['X', 50, 2],
    ]);
  });

  it.each([
    { case: 'added points, graded again', points: [5.5], computed: 50, final: 55.5, grade: 'pass' },
    { case: 'into the next grade at its threshold', points: [20], computed: 50, final: 70, grade: 'good' },
    { case: 'clamped at 100', points: [60], computed: 50, final: 100, grade: 'excellent' },
    { case: 'clamped at 0', points: [-60], computed: 50, final: 0, grade: 'fail' },
    {
      case: 'several summed exactly (0.1 + 0.2 = 0.3)',
      points: [0.1, 0.2],
      computed: 50,
      final: 50.3,
      grade: 'pass',
    },
    { case: 'cancelling out', points: [12.25, -12.25], computed: 50, final: 50, grade: 'pass' },
  ])('$case', ({ points, computed: c, final: f, grade }) => {
    const b = row(final(points.map((p) => adjust('unit', 'B', p))), 'unit', 'B');
    expect(b).toMatchObject({
      computedScore: c,
      adjustment: Math.round(points.reduce((s, p) => s + p * 100, 0)) / 100,
      score: f,
      grade,
    });
  });

  it('ranks by the final score: an adjustment can break a tie or make one', () => {
    const rows = final([adjust('unit', 'C', 0.01), adjust('unit', 'D', 25)]);
    expect(
      rows
        .filter((r) => r.level === 'unit')
        .sort((a, b) => a.rank! - b.rank! || (a.id < b.id ? -1 : 1))
        .map((r) => [r.id, r.rank]),
    ).toEqual([
      ['A', 1],
      ['C', 2],
      ['B', 3],
      ['D', 3],
      ['X', 3],
    ]);
  });

  it('reads each unit’s excellent share from its people’s final grades', () => {
    expect(row(final([]), 'unit', 'A').excellentShare).toBe(0.5);
    expect(row(final([adjust('person', 'P2', 40)]), 'unit', 'A').excellentShare).toBe(1);
    expect(row(final([adjust('person', 'P1', -10.01)]), 'unit', 'A').excellentShare).toBe(0);
  });

  it('ignores adjustments of another phase, level or subject', () => {
    const rows = final([
      { ...adjust('unit', 'B', 10), phaseId: '2025-2' },
      adjust('person', 'B', 10),
      adjust('unit', 'NOPE', 10),
    ]);
    expect(rows.map((r) => r.score)).toEqual(computed.map((e) => e.score));
  });

  it('leaves the computed entries as they were', () => {
    const copy = JSON.parse(JSON.stringify(computed)) as unknown;
    final([adjust('unit', 'B', 10)]);
    expect(computed).toEqual(copy);
  });
});

describe('scoring tallies counted elsewhere (the database)', () => {
  it('gives computeScores’s entries for the same counts', () => {
    const tallies = new Map<string, SubjectTally>();
    for (const o of obligations) {
      for (const [level, id] of [
        ['unit', o.unitId],
        ['person', o.personId],
      ] as const) {
        if (id === null || !['met', 'late', 'overdue', 'violated'].includes(o.status)) continue;
        const key = `${level}:${id}`;
        const t = tallies.get(key) ?? {
          phaseId: o.phaseId!,
          level,
          id,
          judged: RULES.map(() => 0),
          met: RULES.map(() => 0),
        };
        t.judged[RULES.indexOf(o.rule)]++;
        if (o.status === 'met') t.met[RULES.indexOf(o.rule)]++;
        tallies.set(key, t);
      }
    }
    expect(scoreTallies([...tallies.values()].reverse(), config.campaigns, people)).toEqual(computed);
  });

  it('gives no entry for a phase no campaign has, nor for a tally without a judged obligation', () => {
    const zero = RULES.map(() => 0);
    expect(
      scoreTallies(
        [
          { phaseId: '1999-1', level: 'unit', id: 'A', judged: RULES.map(() => 1), met: zero },
          { phaseId: '2025-1', level: 'unit', id: 'B', judged: zero, met: zero },
        ],
        config.campaigns,
        [],
      ),
    ).toEqual([]);
  });
});
