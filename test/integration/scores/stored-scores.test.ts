import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestServices } from '../support/services.js';
import { openServices } from '../support/services.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { parseInstant } from '../../../src/domain/time.js';
import type { StoredScore } from '../../../src/infra/store/score-store.js';
import { EXAMPLE_BUNDLE, exampleBundle, writeBundle } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import { offlineScores } from '../support/offline-scores.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';

const ASOF = '2024-05-08T17:00:00+07:00';

/** Competition ranking by definition: 1 + the number of the phase's units with a higher score. */
function ranksByDefinition(units: { phaseId: string; id: string; score: number }[]): Map<string, number> {
  return new Map(
    units.map((u) => [
      `${u.phaseId}/${u.id}`,
      1 + units.filter((v) => v.phaseId === u.phaseId && v.score > u.score).length,
    ]),
  );
}

async function expectStoredToEqualOffline(ctx: TestServices, file: string): Promise<StoredScore[]> {
  const { computed } = await offlineScores(file, parseInstant(ASOF)!);
  const stored = (await ctx.scoreStore.list({ limit: 1000 })).items;
  const people = new Map(exampleBundle().people.map((p) => [p.id as string, p.unitId as string]));
  const ranks = ranksByDefinition(computed.filter((e) => e.level === 'unit'));
  const key = (s: { phaseId: string; level: string; id: string }) => `${s.phaseId} ${s.level} ${s.id}`;
  const expected = computed
    .map((e) => ({
      phaseId: e.phaseId,
      level: e.level,
      subjectId: e.id,
      unitId: e.level === 'unit' ? e.id : people.get(e.id),
      score: e.score,
      computedScore: e.score,
      adjustment: 0,
      grade: e.grade,
      rank: e.level === 'unit' ? ranks.get(`${e.phaseId}/${e.id}`) : null,
      rules: e.rules,
      excellentShare: e.level === 'unit' ? e.excellentShare : null,
      excellentTarget: e.level === 'unit' ? e.excellentTarget : null,
    }))
    .sort((a, b) => (key({ ...a, id: a.subjectId }) < key({ ...b, id: b.subjectId }) ? -1 : 1));
  const got = stored
    .map(({ evaluationId: _e, asOf: _a, ...rest }) => rest)
    .sort((a, b) => (key({ ...a, id: a.subjectId }) < key({ ...b, id: b.subjectId }) ? -1 : 1));
  expect(got).toEqual(expected);
  return stored;
}

describe('stored scores (real Postgres)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let ctx: TestServices;
  /** The bundle last imported. */
  let imported = EXAMPLE_BUNDLE;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'test' };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF }, io), env)).code).toBe(
      0,
    );
    ctx = await openServices(env);
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('after the import equal computeScores on evaluate() of the same file: score, grade, tallies, excellent share, ranks', async () => {
    const stored = await expectStoredToEqualOffline(ctx, EXAMPLE_BUNDLE);
    expect(stored.some((s) => s.level === 'unit')).toBe(true);
    expect(stored.some((s) => s.level === 'person')).toBe(true);
    const [evaluation] = await query<{ id: string; as_of: Date }>(
      db.url,
      'SELECT id::text, as_of FROM evaluations ORDER BY id DESC LIMIT 1',
    );
    for (const s of stored) {
      expect(s.evaluationId).toBe(evaluation.id);
      expect(s.asOf).toBe(parseInstant(ASOF));
    }
  });

  it('follow the data: after a re-import with a changed task they equal the new file’s scores', async () => {
    const bundle = exampleBundle();
    bundle.tasks.find((t) => t.id === 'e2')!.plan = {
      reportedAt: '2024-05-03T09:00:00+07:00',
      targetDate: '2024-05-20',
    };
    const before = await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'BCVT' });
    const file = writeBundle(bundle, 'e2-planned.json');
    imported = file;
    expect((await capture((io) => runImport({ bundle: [file], asOf: ASOF }, io), env)).code).toBe(0);
    await expectStoredToEqualOffline(ctx, file);
    const after = await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'BCVT' });
    expect(after!.score).toBeGreaterThan(before!.score);
    expect(after!.rules.plan!.met).toBe(before!.rules.plan!.met + 1);
  });

  it('lists by phase, level, unit and subject, a page at a time with the total', async () => {
    const all = await ctx.scoreStore.list();
    expect(all.total).toBe(all.items.length);
    // Units first, in rank order, then people, best first.
    const units = all.items.filter((s) => s.level === 'unit');
    expect(all.items.slice(0, units.length)).toEqual(units);
    expect(units.map((u) => u.rank)).toEqual([...units.map((u) => u.rank)].sort((a, b) => a! - b!));

    const pages = [
      await ctx.scoreStore.list({ limit: 2 }),
      await ctx.scoreStore.list({ limit: 2, offset: 2 }),
    ];
    expect(pages.map((p) => p.total)).toEqual([all.total, all.total]);
    expect([...pages[0].items, ...pages[1].items]).toEqual(all.items.slice(0, 4));
    expect((await ctx.scoreStore.list({ offset: 1000 })).items).toEqual([]);

    const vp = await ctx.scoreStore.list({ phaseId: '2024-1', unitId: 'VP' });
    expect(vp.items.map((s) => `${s.level}:${s.subjectId}`).sort()).toEqual(
      all.items
        .filter((s) => s.phaseId === '2024-1' && s.unitId === 'VP')
        .map((s) => `${s.level}:${s.subjectId}`)
        .sort(),
    );
    expect(vp.items.some((s) => s.level === 'person' && s.subjectId === 'CV1')).toBe(true);
    const people = await ctx.scoreStore.list({ level: 'person', subjectId: 'TP1' });
    expect(people.items.map((s) => [s.level, s.subjectId])).toEqual(
      people.items.map(() => ['person', 'TP1']),
    );
    expect(people.total).toBeGreaterThan(0);
    expect((await ctx.scoreStore.list({ phaseId: '1999-1' })).total).toBe(0);
  });

  it('orders by the number, not its text (100 before 10 before 9.5)', async () => {
    await query(
      db.url,
      `INSERT INTO scores (phase_id, level, subject_id, unit_id, score, computed_score, adjustment, grade, rank, rules, evaluation_id, as_of)
       SELECT '2099-1', 'unit', s, s, v, v, 0, 'pass', 1, '{}', 1, now()
       FROM unnest(ARRAY['A', 'B', 'C'], ARRAY[9.5, 100, 10]) AS x(s, v)`,
    );
    expect(
      (await ctx.scoreStore.list({ phaseId: '2099-1' })).items.map((s) => [s.subjectId, s.score]),
    ).toEqual([
      ['B', 100],
      ['C', 10],
      ['A', 9.5],
    ]);
  });

  it('a partial refresh (the tally changes of an evaluation of some subjects) re-ranks the units it did not change', async () => {
    const units = (await ctx.scoreStore.list({ phaseId: '2024-1', level: 'unit' })).items;
    expect(units.length).toBeGreaterThanOrEqual(3);
    const [first, second] = units;
    const [{ id: evaluationId }] = await query<{ id: string }>(
      db.url,
      'SELECT max(id)::text AS id FROM evaluations',
    );
    // The best unit's rules each gain a great many broken obligations: it falls to the bottom.
    await ctx.dataSource.transaction((manager) =>
      ctx.scoreStore.refresh(manager, {
        evaluationId,
        asOf: parseInstant(ASOF)!,
        campaigns: ctx.domain.campaigns,
        changes: Object.keys(first.rules).map((rule) => ({
          phase_id: '2024-1',
          rule,
          unit_id: first.subjectId,
          person_id: null,
          judged: 10_000,
          met: 0,
        })),
      }),
    );
    const after = (await ctx.scoreStore.list({ phaseId: '2024-1', level: 'unit' })).items;
    const ranks = ranksByDefinition(
      after.map((u) => ({ phaseId: u.phaseId, id: u.subjectId, score: u.score })),
    );
    for (const u of after)
      expect([u.subjectId, u.rank]).toEqual([u.subjectId, ranks.get(`2024-1/${u.subjectId}`)]);
    expect(after.find((u) => u.subjectId === second.subjectId)!.score).toBe(second.score);
    expect(after.find((u) => u.subjectId === second.subjectId)!.rank).toBeLessThan(second.rank!);
    expect(after.find((u) => u.subjectId === first.subjectId)!.score).toBeLessThan(1);
    // A full evaluation counts the obligations again.
    await ctx.evaluation.evaluate(parseInstant(ASOF)!, 'test', 'full');
    await expectStoredToEqualOffline(ctx, imported);
  });
});
