import { describe, expect, it } from '@jest/globals';
import type { Campaign } from '../../../src/domain/scoring/campaign.js';
import { DEFAULT_GRADES, DEFAULT_WEIGHTS } from '../../../src/domain/scoring/campaign.js';
import type { FrozenPhase } from '../../../src/domain/scoring/closed-phases.js';
import { applyClosedPhases } from '../../../src/domain/scoring/closed-phases.js';
import { parseDay } from '../../../src/domain/time.js';

const d = (s: string) => parseDay(s)!;

function campaign(weights = DEFAULT_WEIGHTS): Campaign {
  return {
    id: '2025',
    name: 'Phong trào thi đua năm 2025',
    phases: [
      {
        id: '2025-1',
        campaignId: '2025',
        name: 'Đợt 1',
        start: d('2025-01-01'),
        end: d('2025-05-31'),
        review: 'preliminary',
      },
      {
        id: '2025-2',
        campaignId: '2025',
        name: 'Đợt 2',
        start: d('2025-06-01'),
        end: d('2025-10-31'),
        review: 'final',
      },
    ],
    weights,
    grades: DEFAULT_GRADES,
    excellentTarget: 0.9,
  };
}

const frozen1: FrozenPhase = {
  phaseId: '2025-1',
  name: 'Đợt 1',
  campaignId: '2025',
  campaignName: 'Phong trào thi đua năm 2025',
  start: d('2025-01-01'),
  end: d('2025-05-31'),
  review: 'preliminary',
  weights: { ...DEFAULT_WEIGHTS },
  grades: DEFAULT_GRADES,
  excellentTarget: 0.9,
};

const campaignOf = (campaigns: Campaign[], phaseId: string) =>
  campaigns.find((c) => c.phases.some((p) => p.id === phaseId))!;

describe('applyClosedPhases', () => {
  it('changes nothing while no phase is frozen', () => {
    const { campaigns, ignored } = applyClosedPhases([campaign()], new Map());
    expect(campaigns).toEqual([campaign()]);
    expect(ignored).toEqual([]);
  });

  it('scores a frozen phase with its frozen weights and the open one with the new weights', () => {
    const changed = campaign({ ...DEFAULT_WEIGHTS, plan: 40 });
    const { campaigns, ignored } = applyClosedPhases([changed], new Map([['2025-1', frozen1]]));
    expect(campaignOf(campaigns, '2025-1').weights.plan).toBe(10);
    expect(campaignOf(campaigns, '2025-2').weights.plan).toBe(40);
    expect(ignored).toEqual([{ campaignId: '2025', phaseId: '2025-1', field: 'weights.plan' }]);
  });

  it('keeps a frozen phase’s dates and grades when the configuration moves them', () => {
    const moved = campaign();
    moved.phases[0] = { ...moved.phases[0], end: d('2025-06-15') };
    moved.grades = [{ grade: 'excellent', min: 95 }, ...DEFAULT_GRADES.slice(1)];
    const { campaigns, ignored } = applyClosedPhases([moved], new Map([['2025-1', frozen1]]));
    const closed = campaignOf(campaigns, '2025-1');
    expect(closed.phases[0].end).toBe(d('2025-05-31'));
    expect(closed.grades).toEqual(DEFAULT_GRADES);
    expect(ignored.map((i) => i.field).sort()).toEqual(['end', 'grades']);
  });

  it('still scores a frozen phase the configuration no longer has', () => {
    const without = campaign();
    without.phases = [without.phases[1]];
    const { campaigns, ignored } = applyClosedPhases([without], new Map([['2025-1', frozen1]]));
    expect(campaignOf(campaigns, '2025-1').phases[0]).toMatchObject({ id: '2025-1', end: d('2025-05-31') });
    expect(ignored).toEqual([{ campaignId: '2025', phaseId: '2025-1', field: 'phases (removed)' }]);
  });
});
