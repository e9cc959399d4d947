import { describe, expect, it } from '@jest/globals';
import type { Person, Unit } from '../../../src/domain/model.js';
import type { Obligation, RuleId, Status } from '../../../src/domain/rules/obligation.js';
import { computeScores } from '../../../src/domain/scoring/score.js';
import {
  buildSnapshotContent,
  canonicalJson,
  evidenceRows,
  rank,
} from '../../../src/domain/snapshots/snapshot-content.js';
import { diffSnapshots } from '../../../src/domain/snapshots/snapshot-diff.js';
import { checksum } from '../../../src/infra/snapshots/checksum.js';
import { config } from '../../factories/dataset.factory.js';

const campaign = config.campaigns.find((c) => c.phases.some((p) => p.id === '2025-1'))!;
const phase = campaign.phases.find((p) => p.id === '2025-1')!;

function ob(
  id: string,
  rule: RuleId,
  status: Status,
  unitId: string,
  personId: string | null = null,
): Obligation {
  return {
    id,
    rule,
    subjectId: id,
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
const units = new Map<string, Unit>(
  ['A', 'B', 'C', 'D'].map((id) => [id, { id, name: `Phòng ${id}`, parentId: null, headId: null }]),
);
const people = new Map<string, Person>([
  ['p1', { id: 'p1', name: 'Nguyễn Văn A', unitId: 'A', role: 'staff', email: null, active: true }],
]);

function content(obligations: Obligation[]) {
  const entries = computeScores(obligations, config.campaigns, people.values(), { withEvidence: true });
  return buildSnapshotContent({ phase, campaign, entries, units, people });
}

describe('ranking', () => {
  it.each([
    {
      case: 'ties share a rank, the next rank skips, ties ordered by id',
      rows: [
        { id: 'C', score: 80 },
        { id: 'B', score: 90 },
        { id: 'A', score: 80 },
        { id: 'D', score: 70 },
      ],
      expected: [
        ['B', 1],
        ['A', 2],
        ['C', 2],
        ['D', 4],
      ],
    },
    {
      case: 'everyone equal: everyone first',
      rows: [
        { id: 'b', score: 50 },
        { id: 'a', score: 50 },
      ],
      expected: [
        ['a', 1],
        ['b', 1],
      ],
    },
  ])('$case', ({ rows, expected }) => {
    expect(rank(rows).map((r) => [r.id, r.rank])).toEqual(expected);
  });

  it('ranks the units of a phase from their scores, with the evidence behind each rule', () => {
    const c = content([
      ob('o1', 'plan', 'met', 'A', 'p1'),
      ob('o2', 'plan', 'late', 'A'),
      ob('o3', 'plan', 'met', 'B'),
      ob('o4', 'plan', 'met', 'C'),
      ob('o5', 'plan', 'violated', 'D'),
    ]);
    expect(c.units.map((u) => [u.id, u.rank, u.score, u.grade])).toEqual([
      ['B', 1, 100, 'excellent'],
      ['C', 1, 100, 'excellent'],
      ['A', 3, 50, 'pass'],
      ['D', 4, 0, 'fail'],
    ]);
    expect(c.units[2].evidence.plan).toEqual(['o1', 'o2']);
    expect(c.units[2].rules.plan).toEqual({ judged: 2, met: 1, rate: 0.5 });
    expect(c.people).toEqual([
      expect.objectContaining({ id: 'p1', rank: 1, name: 'Nguyễn Văn A', unitId: 'A' }),
    ]);
    expect(evidenceRows(c).filter((e) => e.id === 'A')).toEqual([
      { phaseId: '2025-1', level: 'unit', id: 'A', rule: 'plan', obligationId: 'o1' },
      { phaseId: '2025-1', level: 'unit', id: 'A', rule: 'plan', obligationId: 'o2' },
    ]);
  });
});

describe('canonical JSON and checksum', () => {
  it('does not depend on key order', () => {
    const a = { b: 1, a: { y: [1, { q: 2, p: 'ư' }], x: null } };
    const b = { a: { x: null, y: [1, { p: 'ư', q: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":"ư","q":2}]},"b":1}');
    expect(checksum(a)).toBe(checksum(b));
    expect(checksum(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when a number does', () => {
    const c1 = content([ob('o1', 'plan', 'met', 'A')]);
    const c2 = content([ob('o1', 'plan', 'late', 'A')]);
    expect(checksum(c1)).not.toBe(checksum(c2));
    expect(checksum(c1)).toBe(checksum(JSON.parse(JSON.stringify(c1))));
  });
});

describe('diff between versions', () => {
  it('names the score, grade, rank and rule changes and the obligations added or removed', () => {
    const v1 = content([
      ob('o1', 'plan', 'met', 'A'),
      ob('o3', 'plan', 'met', 'B'),
      ob('o5', 'plan', 'late', 'B'),
    ]);
    const v2 = content([
      ob('o1', 'plan', 'late', 'A'),
      ob('o3', 'plan', 'met', 'B'),
      ob('o6', 'plan', 'met', 'B'),
    ]);
    const d = diffSnapshots({ version: 1, content: v1 }, { version: 2, content: v2 });
    expect(d).toEqual({
      phaseId: '2025-1',
      from: 1,
      to: 2,
      changes: [
        {
          level: 'unit',
          id: 'A',
          name: 'Phòng A',
          score: { before: 100, after: 0 },
          computedScore: { before: 100, after: 0 },
          adjustment: { before: 0, after: 0 },
          grade: { before: 'excellent', after: 'fail' },
          rank: { before: 1, after: 2 },
          rules: [
            {
              rule: 'plan',
              before: { judged: 1, met: 1, rate: 1 },
              after: { judged: 1, met: 0, rate: 0 },
              added: [],
              removed: [],
            },
          ],
        },
        {
          level: 'unit',
          id: 'B',
          name: 'Phòng B',
          score: { before: 50, after: 100 },
          computedScore: { before: 50, after: 100 },
          adjustment: { before: 0, after: 0 },
          grade: { before: 'pass', after: 'excellent' },
          rank: { before: 2, after: 1 },
          rules: [
            {
              rule: 'plan',
              before: { judged: 2, met: 1, rate: 0.5 },
              after: { judged: 2, met: 2, rate: 1 },
              added: ['o6'],
              removed: ['o5'],
            },
          ],
        },
      ],
      exemptions: { added: [], removed: [] },
      adjustments: { added: [], removed: [] },
    });
  });

  it('is empty between equal contents', () => {
    const v = content([ob('o1', 'plan', 'met', 'A')]);
    expect(diffSnapshots({ version: 1, content: v }, { version: 2, content: v }).changes).toEqual([]);
  });
});
