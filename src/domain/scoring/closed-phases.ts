/**
 * "A change applies to open phases only" (issue 5). A phase is closed once a review snapshot froze
 * it: its dates, weights, grade thresholds and excellent target are then those it was frozen with,
 * whatever the configuration says later. Pure: the caller reads the frozen settings from the
 * snapshots.
 */
import type { RuleId } from '../rules/obligation.js';
import { RULES } from '../rules/obligation.js';
import type { Day } from '../time.js';
import type { Campaign, GradeThreshold, Phase } from './campaign.js';
import { DEFAULT_GRADES, DEFAULT_WEIGHTS } from './campaign.js';

/** What the latest frozen version of a phase was scored with. */
export interface FrozenPhase {
  phaseId: string;
  name: string;
  campaignId: string;
  campaignName: string;
  start: Day;
  end: Day;
  review: Phase['review'];
  weights: Partial<Record<RuleId, number>>;
  /** Absent in versions frozen before grades were kept: the configured ones stand. */
  grades?: GradeThreshold[];
  excellentTarget?: number;
}

/** A configured value that differs from what a closed phase was frozen with, and so is not applied. */
export interface IgnoredChange {
  campaignId: string;
  phaseId: string;
  field: string;
}

/**
 * The campaigns scoring uses: each closed phase split into a campaign of its own carrying its
 * frozen settings (scoring finds a phase's weights through its campaign), the open phases left
 * in their campaign with the configured settings. A campaign left with no open phase is dropped;
 * its closed phases remain.
 */
export function applyClosedPhases(
  configured: Campaign[],
  frozen: ReadonlyMap<string, FrozenPhase>,
): { campaigns: Campaign[]; ignored: IgnoredChange[] } {
  const campaigns: Campaign[] = [];
  const ignored: IgnoredChange[] = [];
  for (const campaign of configured) {
    const open: Phase[] = [];
    for (const phase of campaign.phases) {
      const f = frozen.get(phase.id);
      if (f === undefined) {
        open.push(phase);
        continue;
      }
      const note = (field: string) => ignored.push({ campaignId: campaign.id, phaseId: phase.id, field });
      if (phase.start !== f.start) note('start');
      if (phase.end !== f.end) note('end');
      if (phase.review !== f.review) note('review');
      const weights = { ...campaign.weights };
      for (const rule of RULES) {
        const w = f.weights[rule];
        if (w === undefined) continue;
        if (w !== campaign.weights[rule]) note(`weights.${rule}`);
        weights[rule] = w;
      }
      if (
        f.grades !== undefined &&
        JSON.stringify(sortedGrades(f.grades)) !== JSON.stringify(sortedGrades(campaign.grades))
      )
        note('grades');
      if (f.excellentTarget !== undefined && f.excellentTarget !== campaign.excellentTarget)
        note('excellentTarget');
      campaigns.push({
        ...campaign,
        phases: [{ ...phase, start: f.start, end: f.end, review: f.review }],
        weights,
        grades: f.grades ?? campaign.grades,
        excellentTarget: f.excellentTarget ?? campaign.excellentTarget,
      });
    }
    if (open.length > 0) campaigns.push({ ...campaign, phases: open });
  }
  // A closed phase the configuration no longer has (removed, renamed) is still scored as frozen:
  // its obligations keep their phase and the review's numbers stay reproducible.
  const configuredPhases = new Set(configured.flatMap((c) => c.phases.map((p) => p.id)));
  for (const f of frozen.values()) {
    if (configuredPhases.has(f.phaseId)) continue;
    ignored.push({ campaignId: f.campaignId, phaseId: f.phaseId, field: 'phases (removed)' });
    const base = configured.find((c) => c.id === f.campaignId) ?? configured[0];
    const weights = { ...(base?.weights ?? DEFAULT_WEIGHTS) };
    for (const rule of RULES) if (f.weights[rule] !== undefined) weights[rule] = f.weights[rule]!;
    campaigns.push({
      id: f.campaignId,
      name: f.campaignName,
      phases: [
        {
          id: f.phaseId,
          campaignId: f.campaignId,
          name: f.name,
          start: f.start,
          end: f.end,
          review: f.review,
        },
      ],
      weights,
      grades: f.grades ?? base?.grades ?? DEFAULT_GRADES,
      excellentTarget: f.excellentTarget ?? base?.excellentTarget ?? 0.9,
    });
  }
  return { campaigns, ignored };
}

const sortedGrades = (g: GradeThreshold[]) =>
  [...g].sort((a, b) => b.min - a.min).map((x) => [x.grade, x.min]);
