/**
 * Stored scores (issue 5): per phase, per unit and per person, as of the latest evaluation, with
 * the council's adjustments applied and the units of each phase ranked. Refreshed inside the
 * evaluation's transaction, so they never disagree with the stored obligations.
 *
 * The database counts the tallies — one pass over the judged obligations, grouped by phase, rule and
 * unit or person — instead of loading an agency-year of obligations into the process; the scoring is
 * the domain's own (`scoreTallies`, then `finalizeScores`), so a stored score is exactly what
 * `computeScores` gives for the same obligations.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { RuleId } from '../../domain/rules/obligation.js';
import { RULES } from '../../domain/rules/obligation.js';
import type { Campaign, Grade } from '../../domain/scoring/campaign.js';
import type { AdjustmentTotal, FinalScoreEntry } from '../../domain/scoring/final-score.js';
import { finalizeScores } from '../../domain/scoring/final-score.js';
import type { RuleTally, ScoreEntry, ScoredPerson, SubjectTally } from '../../domain/scoring/score.js';
import { campaignsByPhase, gradeOf, scoreTallies, tallyOf } from '../../domain/scoring/score.js';
import type { Instant } from '../../domain/time.js';
import type { Page, PageRequest } from './page.js';
import { pageOf } from './page.js';

export type ScoreLevel = 'unit' | 'person';

export interface ScoreKey {
  phaseId: string;
  level: ScoreLevel;
  subjectId: string;
}

export interface StoredScore extends ScoreKey {
  /** The unit itself, or the person's unit (null for a person no longer stored). */
  unitId: string | null;
  /** Final: computed + adjustment, clamped to 0…100. */
  score: number;
  /** As computed from the obligations. */
  computedScore: number;
  /** The council's points, summed. */
  adjustment: number;
  /** Read from the final score with the campaign's thresholds. */
  grade: Grade;
  /** Units: 1 for the best final score of the phase, ties share (1, 2, 2, 4). People: null. */
  rank: number | null;
  rules: Partial<Record<RuleId, RuleTally>>;
  /** Units: the share of their scored active people graded excellent (final grades). */
  excellentShare: number | null;
  excellentTarget: number | null;
  evaluationId: string;
  asOf: Instant;
}

export interface ScoreFilter extends PageRequest {
  phaseId?: string;
  level?: ScoreLevel;
  /** Units: that unit; people: the people of that unit. */
  unitId?: string;
  subjectId?: string;
}

export interface ScoreRefresh {
  rows: number;
  ms: number;
}

interface ScoreRow {
  phase_id: string;
  level: ScoreLevel;
  subject_id: string;
  unit_id: string | null;
  score: string;
  computed_score: string;
  adjustment: string;
  grade: Grade;
  rank: number | null;
  rules: Partial<Record<RuleId, RuleTally>>;
  excellent_share: number | null;
  excellent_target: number | null;
  evaluation_id: string;
  as_of: number;
}

const COLUMNS = `phase_id, level, subject_id, unit_id, score::text, computed_score::text, adjustment::text, grade, rank,
  rules, excellent_share, excellent_target, evaluation_id::text, (extract(epoch from as_of) * 1000)::float8 AS as_of`;

function stored(r: ScoreRow): StoredScore {
  return {
    phaseId: r.phase_id,
    level: r.level,
    subjectId: r.subject_id,
    unitId: r.unit_id,
    score: Number(r.score),
    computedScore: Number(r.computed_score),
    adjustment: Number(r.adjustment),
    grade: r.grade,
    rank: r.rank,
    rules: r.rules,
    excellentShare: r.excellent_share,
    excellentTarget: r.excellent_target,
    evaluationId: r.evaluation_id,
    asOf: Number(r.as_of),
  };
}

const RULE_INDEX = new Map<string, number>(RULES.map((r, i) => [r, i]));

/** Judged and met obligations of one phase, rule, unit and person: a count, or a change of one. */
export interface TallyRow {
  phase_id: string;
  rule: string;
  unit_id: string | null;
  person_id: string | null;
  judged: number;
  met: number;
}

/** The judged and met obligations per phase, rule, unit and person (exported for the benchmark). */
export const TALLY_QUERY = `SELECT phase_id, rule, unit_id, person_id, count(*)::int AS judged, (count(*) FILTER (WHERE status = 'met'))::int AS met
  FROM obligations
  WHERE phase_id IS NOT NULL AND status IN ('met', 'late', 'overdue', 'violated')
  GROUP BY phase_id, rule, unit_id, person_id`;

const keyOf = (phaseId: string, level: ScoreLevel, subjectId: string) =>
  `${phaseId}\u0000${level}\u0000${subjectId}`;

/** The tallies behind stored scores, as rows of a unit or of a person. */
function talliesOf(scores: StoredScore[]): TallyRow[] {
  return scores.flatMap((s) =>
    Object.entries(s.rules).map(([rule, tally]) => ({
      phase_id: s.phaseId,
      rule,
      unit_id: s.level === 'unit' ? s.subjectId : null,
      person_id: s.level === 'person' ? s.subjectId : null,
      judged: tally!.judged,
      met: tally!.met,
    })),
  );
}

/** What a stored score row holds apart from its evaluation, comparable between stored and computed. */
function fingerprint(
  s: Omit<
    StoredScore,
    'phaseId' | 'subjectId' | 'evaluationId' | 'asOf' | 'excellentShare' | 'excellentTarget'
  > &
    Partial<Pick<StoredScore, 'excellentShare' | 'excellentTarget'>>,
): string {
  const unit = s.level === 'unit';
  return [
    s.unitId,
    s.score.toFixed(2),
    s.computedScore.toFixed(2),
    s.adjustment.toFixed(2),
    s.grade,
    s.rank,
    unit ? (s.excellentShare ?? null) : null,
    unit ? (s.excellentTarget ?? null) : null,
    ...RULES.map((r) => {
      const t = s.rules[r];
      return t === undefined ? '' : `${t.judged}/${t.met}`;
    }),
  ].join('|');
}

export class ScoreStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Recomputes every stored score, in the caller's transaction (the evaluation's). The tallies are
   * counted from the stored obligations, or — given `changes`, what an evaluation of some subjects
   * changed in them — taken from the stored scores and changed: the same numbers (the moving-clock
   * and sync tests compare them with full evaluations) without reading an agency-year of
   * obligations. A full evaluation always counts, and rewrites the table; a partial one writes the
   * scores that changed and names its evaluation on the others.
   */
  async refresh(
    manager: EntityManager,
    input: { evaluationId: string; asOf: Instant; campaigns: Campaign[]; changes?: TallyRow[] },
  ): Promise<ScoreRefresh> {
    const started = performance.now();
    const before =
      input.changes === undefined
        ? null
        : ((await manager.query(`SELECT ${COLUMNS} FROM scores`)) as ScoreRow[]).map(stored);
    // No stored scores yet (a database evaluated before they were kept): count.
    const partial = before !== null && before.length > 0;
    const tallies = new Map<string, SubjectTally>();
    const add = (phaseId: string, level: ScoreLevel, id: string, i: number, judged: number, met: number) => {
      const t = tallyOf(tallies, phaseId, level, id);
      t.judged[i] += judged;
      t.met[i] += met;
    };
    for (const rows of partial ? [talliesOf(before), input.changes!] : [await this.count(manager)])
      for (const r of rows) {
        const i = RULE_INDEX.get(r.rule);
        if (i === undefined) continue;
        if (r.unit_id !== null) add(r.phase_id, 'unit', r.unit_id, i, r.judged, r.met);
        if (r.person_id !== null) add(r.phase_id, 'person', r.person_id, i, r.judged, r.met);
      }
    const people = await this.people(manager);
    const entries = scoreTallies(tallies.values(), input.campaigns, people.values());
    const final = finalizeScores(
      entries,
      await this.adjustmentTotals(manager),
      input.campaigns,
      people.values(),
    );
    const unitOf = (e: FinalScoreEntry) => (e.level === 'unit' ? e.id : (people.get(e.id)?.unitId ?? null));
    const rows = final.map((e) => ({
      entry: e,
      unitId: unitOf(e),
      evaluationId: input.evaluationId,
      asOf: input.asOf,
    }));

    if (!partial) {
      await manager.query('DELETE FROM scores');
      await this.write(manager, rows);
    } else {
      const old = new Map(before.map((s) => [keyOf(s.phaseId, s.level, s.subjectId), s]));
      const kept = new Set(final.map((e) => keyOf(e.phaseId, e.level, e.id)));
      const gone = before.filter((s) => !kept.has(keyOf(s.phaseId, s.level, s.subjectId)));
      if (gone.length > 0)
        await manager.query(
          `DELETE FROM scores s USING unnest($1::text[], $2::text[], $3::text[]) AS g(phase_id, level, subject_id)
           WHERE s.phase_id = g.phase_id AND s.level = g.level AND s.subject_id = g.subject_id`,
          [gone.map((s) => s.phaseId), gone.map((s) => s.level), gone.map((s) => s.subjectId)],
        );
      // The unchanged ones now stand as of this evaluation too: an update of unindexed columns,
      // made in place (the table keeps room for it).
      await manager.query('UPDATE scores SET evaluation_id = $1, as_of = $2', [
        input.evaluationId,
        new Date(input.asOf).toISOString(),
      ]);
      await this.write(
        manager,
        rows.filter((r) => {
          const was = old.get(keyOf(r.entry.phaseId, r.entry.level, r.entry.id));
          return was === undefined || fingerprint(was) !== fingerprint({ ...r.entry, unitId: r.unitId });
        }),
      );
    }
    return { rows: final.length, ms: Math.round(performance.now() - started) };
  }

  /**
   * Applies the phase's adjustments again to its stored computed scores (after one was added):
   * final scores, grades, excellent shares and ranks; the tallies and the evaluation they came from
   * stay as they are.
   */
  async refinalizePhase(manager: EntityManager, phaseId: string, campaigns: Campaign[]): Promise<void> {
    const campaign = campaignsByPhase(campaigns).get(phaseId);
    if (campaign === undefined) return;
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM scores WHERE phase_id = $1`, [
      phaseId,
    ])) as ScoreRow[];
    const byKey = new Map(rows.map((r) => [`${r.level}\u0000${r.subject_id}`, stored(r)]));
    const entries: ScoreEntry[] = [...byKey.values()].map((s) => ({
      phaseId: s.phaseId,
      level: s.level,
      id: s.subjectId,
      rules: s.rules,
      score: s.computedScore,
      grade: gradeOf(Math.round(s.computedScore * 100), campaign.grades),
      evidence: {},
    }));
    const people = await this.people(manager);
    const totals = (await this.adjustmentTotals(manager)).filter((a) => a.phaseId === phaseId);
    const final = finalizeScores(entries, totals, campaigns, people.values());
    await manager.query('DELETE FROM scores WHERE phase_id = $1', [phaseId]);
    await this.write(
      manager,
      final.map((e) => {
        const old = byKey.get(`${e.level}\u0000${e.id}`)!;
        return { entry: e, unitId: old.unitId, evaluationId: old.evaluationId, asOf: old.asOf };
      }),
    );
  }

  /** One stored score, or null; in the caller's transaction when given one. */
  async get(key: ScoreKey, manager?: EntityManager): Promise<StoredScore | null> {
    const rows = (await (manager ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM scores WHERE phase_id = $1 AND level = $2 AND subject_id = $3`,
      [key.phaseId, key.level, key.subjectId],
    )) as ScoreRow[];
    return rows.length === 0 ? null : stored(rows[0]);
  }

  /** Every stored score, as the transaction of `manager` sees them (a preview's before and after). */
  async all(manager: EntityManager): Promise<StoredScore[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM scores ORDER BY scores.phase_id COLLATE "C", scores.level, scores.subject_id COLLATE "C"`,
    )) as ScoreRow[];
    return rows.map(stored);
  }

  /**
   * Stored scores by phase, level, unit and subject: each phase's units first, best first (so in
   * rank order), then its people, best first; ties by id.
   */
  async list(filter: ScoreFilter = {}): Promise<Page<StoredScore>> {
    const { limit, offset } = pageOf(filter);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.phaseId !== undefined) add('phase_id = ?', filter.phaseId);
    if (filter.level !== undefined) add('level = ?', filter.level);
    if (filter.unitId !== undefined) add('unit_id = ?', filter.unitId);
    if (filter.subjectId !== undefined) add('subject_id = ?', filter.subjectId);
    const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM scores ${clause}`,
      params,
    )) as { total: number }[];
    // Qualified names: bare ones would sort by the selected text (`score::text`).
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM scores ${clause}
       ORDER BY scores.phase_id COLLATE "C", scores.level DESC, scores.score DESC, scores.subject_id COLLATE "C"
       LIMIT ${limit} OFFSET ${offset}`,
      params,
    )) as ScoreRow[];
    return { total, limit, offset, items: rows.map(stored) };
  }

  /** One pass over the judged obligations, grouped by phase, rule, unit and person. */
  private async count(manager: EntityManager): Promise<TallyRow[]> {
    // The hash aggregate holds phases × rules × people groups (~50,000 for a province): a few MB.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    // One group per phase, rule, unit and person, summed per unit and per person by the caller: a
    // third faster than GROUPING SETS of the two, which hash every row twice. Phases no campaign
    // has are dropped by the scoring (filtering them here cost more than it saved).
    return (await manager.query(TALLY_QUERY)) as TallyRow[];
  }

  private async people(manager: EntityManager): Promise<Map<string, ScoredPerson>> {
    const rows = (await manager.query('SELECT id, unit_id, active FROM people')) as {
      id: string;
      unit_id: string;
      active: boolean;
    }[];
    return new Map(rows.map((r) => [r.id, { id: r.id, unitId: r.unit_id, active: r.active }]));
  }

  private async adjustmentTotals(manager: EntityManager): Promise<AdjustmentTotal[]> {
    const rows = (await manager.query(
      `SELECT phase_id, level, subject_id, sum(points)::text AS points FROM score_adjustments GROUP BY phase_id, level, subject_id`,
    )) as { phase_id: string; level: ScoreLevel; subject_id: string; points: string }[];
    return rows.map((r) => ({
      phaseId: r.phase_id,
      level: r.level,
      subjectId: r.subject_id,
      points: Number(r.points),
    }));
  }

  /**
   * The rules go as one JSON array rather than a `jsonb[]`: escaping thousands of JSON texts into
   * an array literal, and the server parsing it back, took longer than the rest of the insert.
   */
  private async write(
    manager: EntityManager,
    rows: { entry: FinalScoreEntry; unitId: string | null; evaluationId: string; asOf: Instant }[],
  ): Promise<void> {
    const CHUNK = 20_000;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const column = (f: (r: (typeof rows)[number]) => unknown) => chunk.map(f);
      await manager.query(
        `INSERT INTO scores (phase_id, level, subject_id, unit_id, score, computed_score, adjustment, grade, rank,
           excellent_share, excellent_target, evaluation_id, as_of, rules)
         SELECT s.phase_id, s.level, s.subject_id, s.unit_id, s.score, s.computed_score, s.adjustment, s.grade, s.rank,
           s.excellent_share, s.excellent_target, s.evaluation_id, s.as_of, r.rules
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[],
           $8::text[], $9::int[], $10::float8[], $11::float8[], $12::bigint[], $13::timestamptz[])
           WITH ORDINALITY AS s(phase_id, level, subject_id, unit_id, score, computed_score, adjustment, grade, rank,
             excellent_share, excellent_target, evaluation_id, as_of, n)
         JOIN jsonb_array_elements($14::jsonb) WITH ORDINALITY AS r(rules, n) USING (n)
         ON CONFLICT (phase_id, level, subject_id) DO UPDATE SET unit_id = excluded.unit_id, score = excluded.score,
           computed_score = excluded.computed_score, adjustment = excluded.adjustment, grade = excluded.grade,
           rank = excluded.rank, excellent_share = excluded.excellent_share, excellent_target = excluded.excellent_target,
           evaluation_id = excluded.evaluation_id, as_of = excluded.as_of, rules = excluded.rules`,
        [
          column((r) => r.entry.phaseId),
          column((r) => r.entry.level),
          column((r) => r.entry.id),
          column((r) => r.unitId),
          column((r) => r.entry.score.toFixed(2)),
          column((r) => r.entry.computedScore.toFixed(2)),
          column((r) => r.entry.adjustment.toFixed(2)),
          column((r) => r.entry.grade),
          column((r) => r.entry.rank),
          column((r) => (r.entry.level === 'unit' ? (r.entry.excellentShare ?? null) : null)),
          column((r) => (r.entry.level === 'unit' ? (r.entry.excellentTarget ?? null) : null)),
          column((r) => r.evaluationId),
          column((r) => new Date(r.asOf).toISOString()),
          `[${chunk.map((r) => JSON.stringify(r.entry.rules)).join(',')}]`,
        ],
      );
    }
  }
}
