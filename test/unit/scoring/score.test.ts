import { describe, expect, it } from '@jest/globals';
import type { Person } from '../../../src/domain/model.js';
import type { Obligation, RuleId, Status } from '../../../src/domain/rules/obligation.js';
import { DEFAULT_GRADES, DEFAULT_WEIGHTS } from '../../../src/domain/scoring/campaign.js';
import {
  computeScores,
  exactScoreHundredths,
  gradeOf,
  scoreHundredthsInIntegers,
} from '../../../src/domain/scoring/score.js';
import { config } from '../../factories/dataset.factory.js';

let seq = 0;
function ob(
  rule: RuleId,
  status: Status,
  unitId: string | null,
  personId: string | null,
  phaseId: string | null = '2025-1',
): Obligation {
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
    phaseId,
    details: {},
  };
}
const many = (n: number, rule: RuleId, status: Status, unit: string | null, person: string | null = null) =>
  Array.from({ length: n }, () => ob(rule, status, unit, person));
const person = (id: string, unitId: string, active = true): Person => ({
  id,
  name: id,
  unitId,
  role: 'staff',
  email: null,
  active,
});

describe('scores', () => {
  it('EVALUATE.md’s example: (15·0.75 + 15·1) / 30 · 100 = 87.5, good', () => {
    const obligations = [
      ...many(3, 'unit_submission', 'met', 'VP'),
      ...many(1, 'unit_submission', 'late', 'VP'),
      ...many(10, 'document_channel', 'met', 'VP'),
    ];
    const [unit] = computeScores(obligations, config.campaigns, []);
    expect(unit).toMatchObject({
      phaseId: '2025-1',
      level: 'unit',
      id: 'VP',
      rules: {
        unit_submission: { judged: 4, met: 3, rate: 0.75 },
        document_channel: { judged: 10, met: 10, rate: 1 },
      },
      score: 87.5,
      grade: 'good',
      excellentShare: null,
      excellentTarget: 0.9,
    });
  });

  it('counts late, overdue and violated as judged and not met; pending and exempt not at all', () => {
    const obligations = [
      ob('plan', 'met', 'VP', null),
      ob('plan', 'late', 'VP', null),
      ob('plan', 'overdue', 'VP', null),
      ob('plan', 'violated', 'VP', null),
      ob('plan', 'pending', 'VP', null),
      ob('plan', 'exempt', 'VP', null),
    ];
    const [unit] = computeScores(obligations, config.campaigns, []);
    expect(unit.rules.plan).toEqual({ judged: 4, met: 1, rate: 0.25 });
    expect(unit.score).toBe(25);
    expect(unit.grade).toBe('fail');
  });

  it('gives no entry without a judged obligation, and ignores obligations outside every phase', () => {
    const obligations = [ob('plan', 'pending', 'VP', 'CV'), ob('plan', 'met', 'TT', null, null)];
    expect(computeScores(obligations, config.campaigns, [])).toEqual([]);
  });

  it('scores a person on the obligations whose personId is theirs (a head on the unit’s submissions)', () => {
    const obligations = [
      ob('staff_submission', 'met', 'VP', 'CV'),
      ob('unit_submission', 'late', 'VP', 'TP'),
      ob('weekly_schedule', 'met', 'VP', 'TP'),
    ];
    const scores = computeScores(obligations, config.campaigns, [person('CV', 'VP'), person('TP', 'VP')]);
    const tp = scores.find((s) => s.level === 'person' && s.id === 'TP')!;
    expect(tp.rules).toEqual({
      unit_submission: { judged: 1, met: 0, rate: 0 },
      weekly_schedule: { judged: 1, met: 1, rate: 1 },
    });
    expect(tp.score).toBe(40); // (15·0 + 10·1) / 25
    expect(tp).not.toHaveProperty('excellentShare');
  });

  it('sets each unit’s share of excellent people against the target', () => {
    const obligations = [
      ob('plan', 'met', 'VP', 'A'),
      ob('plan', 'met', 'VP', 'B'),
      ob('plan', 'late', 'VP', 'C'),
      ob('plan', 'met', 'VP', 'OLD'),
    ];
    const people = [
      person('A', 'VP'),
      person('B', 'VP'),
      person('C', 'VP'),
      person('D', 'VP'),
      person('OLD', 'VP', false),
    ];
    const unit = computeScores(obligations, config.campaigns, people).find((s) => s.level === 'unit')!;
    // A, B excellent; C fails; D has no score; OLD is not active.
    expect(unit.excellentShare).toBeCloseTo(2 / 3, 12);
  });

  it('sorts by phase, level, id', () => {
    const obligations = [ob('plan', 'met', 'VP', 'Z', '2025-2'), ob('plan', 'met', 'AA', 'B', '2025-1')];
    const order = computeScores(obligations, config.campaigns, []).map(
      (s) => `${s.phaseId} ${s.level} ${s.id}`,
    );
    expect(order).toEqual(['2025-1 person B', '2025-1 unit AA', '2025-2 person Z', '2025-2 unit VP']);
  });

  it('computes exactly and rounds half up where floating point would not', () => {
    // 100 · 201/20000 = 1.005 exactly; (201/20000)*100*100 is 100.4999… in floating point.
    expect(exactScoreHundredths([{ weight: 10, met: 201, judged: 20000 }])).toBe(101);
    // 2/3 → 66.666… → 66.67; 1/3 → 33.33.
    expect(exactScoreHundredths([{ weight: 15, met: 2, judged: 3 }])).toBe(6667);
    expect(exactScoreHundredths([{ weight: 15, met: 1, judged: 3 }])).toBe(3333);
    // (10·1/3 + 15·1/7) / 25 = 0.219047… → 21.90
    expect(
      exactScoreHundredths([
        { weight: 10, met: 1, judged: 3 },
        { weight: 15, met: 1, judged: 7 },
      ]),
    ).toBe(2190);
  });

  it('answers as the integer arithmetic does, at half-hundredths and for 100,000 random tallies', () => {
    const boundary = [
      [{ weight: 10, met: 201, judged: 20000 }],
      [{ weight: 10, met: 17999, judged: 20000 }],
      [{ weight: 15, met: 1, judged: 8 }], // 12.5 points: 1250 exactly
      [
        { weight: 10, met: 1, judged: 3 },
        { weight: 15, met: 1, judged: 7 },
      ],
      [{ weight: 0.1234567, met: 1, judged: 3 }],
    ];
    for (const parts of boundary) expect(exactScoreHundredths(parts)).toBe(scoreHundredthsInIntegers(parts));
    let seed = 20250101;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const weights = [10, 15, 15, 15, 15, 10, 10, 10, 2.5, 7.25, 33.333333];
    for (let i = 0; i < 100_000; i++) {
      const parts = Array.from({ length: 1 + next(8) }, () => {
        const judged = 1 + next(i % 3 === 0 ? 8 : 5000);
        return { weight: weights[next(weights.length)], met: next(judged + 1), judged };
      });
      const fast = exactScoreHundredths(parts);
      if (fast !== scoreHundredthsInIntegers(parts)) expect({ parts, fast }).toBeNull();
    }
  });

  it('grades from the rounded score: 89.995 rounds to 90.00, excellent', () => {
    const hundredths = exactScoreHundredths([{ weight: 10, met: 17999, judged: 20000 }]);
    expect(hundredths).toBe(9000);
    expect(gradeOf(hundredths, DEFAULT_GRADES)).toBe('excellent');
    expect(gradeOf(8999, DEFAULT_GRADES)).toBe('good');
    expect(gradeOf(5000, DEFAULT_GRADES)).toBe('pass');
    expect(gradeOf(4999, DEFAULT_GRADES)).toBe('fail');
  });

  it('uses the campaign’s weights', () => {
    const campaigns = config.campaigns.map((c) => ({ ...c, weights: { ...DEFAULT_WEIGHTS, plan: 30 } }));
    const obligations = [ob('plan', 'met', 'VP', null), ob('weekly_schedule', 'late', 'VP', null)];
    expect(computeScores(obligations, campaigns, [])[0].score).toBe(75);
  });

  it('keeps the evidence ids behind every tally when asked', () => {
    const a = ob('plan', 'met', 'VP', null);
    const b = ob('plan', 'late', 'VP', null);
    const [unit] = computeScores([b, a], config.campaigns, [], { withEvidence: true });
    expect(unit.evidence.plan).toEqual([a.id, b.id].sort());
  });
});
