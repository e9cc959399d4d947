/**
 * What changed between two versions of a phase's snapshot, per unit and per person: the score,
 * grade and rank before and after (the computed score and the adjustment beside the final one), the
 * rules whose tally moved, and the obligation ids that came into or left each rule's evidence; and
 * the exemptions and adjustments one version has and the other has not. Rows that did not change
 * are left out.
 */
import type { RuleId } from '../rules/obligation.js';
import { RULES } from '../rules/obligation.js';
import type { Grade } from '../scoring/campaign.js';
import type { RuleTally } from '../scoring/score.js';
import type {
  SnapshotAdjustment,
  SnapshotContent,
  SnapshotExemption,
  SnapshotRow,
} from './snapshot-content.js';

export interface RuleChange {
  rule: RuleId;
  before: RuleTally | null;
  after: RuleTally | null;
  added: string[];
  removed: string[];
}

export interface RowChange {
  level: 'unit' | 'person';
  id: string;
  name: string | null;
  /** Final. */
  score: { before: number | null; after: number | null };
  /** Before adjustments. */
  computedScore: { before: number | null; after: number | null };
  /** The council's points. */
  adjustment: { before: number | null; after: number | null };
  grade: { before: Grade | null; after: Grade | null };
  rank: { before: number | null; after: number | null };
  rules: RuleChange[];
}

export interface SnapshotDiff {
  phaseId: string;
  from: number;
  to: number;
  changes: RowChange[];
  /** By id: an exemption revoked and made again is one removed and one added. */
  exemptions: { added: SnapshotExemption[]; removed: SnapshotExemption[] };
  adjustments: { added: SnapshotAdjustment[]; removed: SnapshotAdjustment[] };
}

export function diffSnapshots(
  from: { version: number; content: SnapshotContent },
  to: { version: number; content: SnapshotContent },
): SnapshotDiff {
  return {
    phaseId: to.content.phase.id,
    from: from.version,
    to: to.version,
    changes: [
      ...diffRows('unit', from.content.units, to.content.units),
      ...diffRows('person', from.content.people, to.content.people),
    ],
    exemptions: diffById(from.content.exemptions ?? [], to.content.exemptions ?? []),
    adjustments: diffById(from.content.adjustments ?? [], to.content.adjustments ?? []),
  };
}

function diffById<T extends { id: string }>(before: T[], after: T[]): { added: T[]; removed: T[] } {
  const old = new Set(before.map((x) => x.id));
  const now = new Set(after.map((x) => x.id));
  return { added: after.filter((x) => !old.has(x.id)), removed: before.filter((x) => !now.has(x.id)) };
}

/** A version frozen before adjustments existed has neither field: its score was the computed one. */
const computedOf = (r: SnapshotRow | undefined) => (r === undefined ? null : (r.computedScore ?? r.score));
const adjustmentOf = (r: SnapshotRow | undefined) => (r === undefined ? null : (r.adjustment ?? 0));

function diffRows(level: 'unit' | 'person', before: SnapshotRow[], after: SnapshotRow[]): RowChange[] {
  const old = new Map(before.map((r) => [r.id, r]));
  const now = new Map(after.map((r) => [r.id, r]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const changes: RowChange[] = [];
  for (const id of ids) {
    const a = old.get(id);
    const b = now.get(id);
    const rules: RuleChange[] = [];
    for (const rule of RULES) {
      const ta = a?.rules[rule] ?? null;
      const tb = b?.rules[rule] ?? null;
      const ea = new Set(a?.evidence[rule] ?? []);
      const eb = new Set(b?.evidence[rule] ?? []);
      const added = [...eb].filter((x) => !ea.has(x)).sort();
      const removed = [...ea].filter((x) => !eb.has(x)).sort();
      const tallyMoved = ta?.judged !== tb?.judged || ta?.met !== tb?.met || (ta === null) !== (tb === null);
      if (tallyMoved || added.length > 0 || removed.length > 0)
        rules.push({ rule, before: ta, after: tb, added, removed });
    }
    const change: RowChange = {
      level,
      id,
      name: b?.name ?? a?.name ?? null,
      score: { before: a?.score ?? null, after: b?.score ?? null },
      computedScore: { before: computedOf(a), after: computedOf(b) },
      adjustment: { before: adjustmentOf(a), after: adjustmentOf(b) },
      grade: { before: a?.grade ?? null, after: b?.grade ?? null },
      rank: { before: a?.rank ?? null, after: b?.rank ?? null },
      rules,
    };
    const moved =
      change.score.before !== change.score.after ||
      change.computedScore.before !== change.computedScore.after ||
      change.adjustment.before !== change.adjustment.after ||
      change.grade.before !== change.grade.after ||
      change.rank.before !== change.rank.after ||
      rules.length > 0;
    if (moved) changes.push(change);
  }
  return changes;
}
