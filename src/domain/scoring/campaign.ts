/**
 * The emulation campaign (phong trào thi đua): its phases, rule weights, grade thresholds and the
 * share of members expected to reach `excellent` (DOMAIN.md §5).
 */
import type { RuleId } from '../rules/obligation.js';
import type { Day } from '../time.js';

export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

/** A grade is given from `min` points (inclusive) upward; thresholds are checked highest first. */
export interface GradeThreshold {
  grade: Grade;
  min: number;
}

export interface Phase {
  id: string;
  campaignId: string;
  /** "Đợt 1". */
  name: string;
  start: Day;
  end: Day;
  /** The review the phase ends in: sơ kết (preliminary) or tổng kết (final). */
  review: 'preliminary' | 'final';
}

export interface Campaign {
  id: string;
  name: string;
  phases: Phase[];
  weights: Record<RuleId, number>;
  grades: GradeThreshold[];
  /** Seed: 90 % of members graded "Công đoàn viên xuất sắc". */
  excellentTarget: number;
}

export const DEFAULT_WEIGHTS: Record<RuleId, number> = {
  plan: 10,
  staff_submission: 15,
  unit_submission: 15,
  review_rounds: 15,
  document_channel: 15,
  digital_signature: 10,
  official_mailbox: 10,
  weekly_schedule: 10,
};

export const DEFAULT_GRADES: GradeThreshold[] = [
  { grade: 'excellent', min: 90 },
  { grade: 'good', min: 70 },
  { grade: 'pass', min: 50 },
  { grade: 'fail', min: 0 },
];

/**
 * A lookup from a day to the phase containing it. Phases of different campaigns should not
 * overlap; if they do, the one that starts first wins, so the answer never depends on file order.
 */
export function phaseLocator(phases: Phase[]): (day: Day) => Phase | null {
  if (phases.length === 0) return () => null;
  const sorted = [...phases].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const first = sorted[0].start;
  const last = Math.max(...sorted.map((p) => p.end));
  const byDay: (Phase | null)[] = new Array(last - first + 1).fill(null);
  for (const phase of sorted) {
    for (let d = phase.start; d <= phase.end; d++) if (byDay[d - first] === null) byDay[d - first] = phase;
  }
  return (day) => (day < first || day > last ? null : byDay[day - first]);
}
