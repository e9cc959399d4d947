/**
 * Every number on a unit's page opens the obligations it counts: for each unit, rule, person and
 * scope of the digest scenario, the evidence list has exactly as many items as the figure says.
 */
import { describe, expect, it } from '@jest/globals';
import { unitDigest } from '../../../src/domain/digests/digest-content.js';
import { RULES } from '../../../src/domain/rules/obligation.js';
import { evidenceOf } from '../../../src/modules/web/evidence.js';
import { scenario } from '../digests/digest-scenario.js';

const { basis } = scenario();

describe('a number and its evidence', () => {
  const units = [...basis.byUnit.keys()];

  it('has units with figures to check', () => {
    expect(units.length).toBeGreaterThan(0);
  });

  it.each(units)('agree for every rule of unit %s, this week and this phase, judged and met', (unitId) => {
    const d = unitDigest(basis, unitId);
    RULES.forEach((rule, i) => {
      const count = (scope: 'week' | 'phase', met?: boolean) =>
        evidenceOf(basis, { unitId, scope, rule, met }).length;
      expect([rule, count('week'), count('week', true)]).toEqual([
        rule,
        d.lastWeek[i].judged,
        d.lastWeek[i].met,
      ]);
      expect([rule, count('phase'), count('phase', true)]).toEqual([
        rule,
        d.phaseToDate[i].judged,
        d.phaseToDate[i].met,
      ]);
    });
    expect(evidenceOf(basis, { unitId, scope: 'week' }).length).toBe(d.lastWeekTotal.judged);
    expect(evidenceOf(basis, { unitId, scope: 'phase', met: true }).length).toBe(d.phaseTotal.met);
    expect(
      evidenceOf(basis, { unitId, scope: 'overdue' })
        .map((o) => o.id)
        .sort(),
    ).toEqual(d.overdue.map((i) => i.obligationId).sort());
    expect(
      evidenceOf(basis, { unitId, scope: 'soon' })
        .map((o) => o.id)
        .sort(),
    ).toEqual(d.dueSoon.map((i) => i.obligationId).sort());
    for (const p of d.people) {
      expect(evidenceOf(basis, { unitId, scope: 'overdue', personId: p.personId }).length).toBe(p.overdue);
      expect(evidenceOf(basis, { unitId, scope: 'soon', personId: p.personId }).length).toBe(p.dueSoon);
      expect(evidenceOf(basis, { unitId, scope: 'week', personId: p.personId }).length).toBe(
        p.lastWeek.judged,
      );
    }
  });
});
