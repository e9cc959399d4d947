/**
 * Night after night with no new data, the pending evaluation judges only what time can move — and
 * the stored obligations and scores still equal a full evaluation of everything stored, as of each
 * night: facts dated after one night count the next, overdue obligations count another working day,
 * pending ones fall due; an as-of before the latest is judged in full.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServices } from './support/services.js';
import { openServices } from './support/services.js';
import { runImport } from '../../src/cli/service.commands.js';
import { exportInstantOf, generateAgency } from '../../src/demo/agency-generator.js';
import { writeBundle } from '../../src/demo/bundle-writer.js';
import { finalizeScores } from '../../src/domain/scoring/final-score.js';
import { computeScores } from '../../src/domain/scoring/score.js';
import { parseInstant } from '../../src/domain/time.js';
import { capture } from './support/cli-io.js';
import { comparable } from './support/offline-scores.js';
import { storedAndRecomputed } from './support/stored-obligations.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const instant = (text: string) => parseInstant(text)!;

describe('pending evaluations as the clock moves (real Postgres)', () => {
  let db: TestDatabase;
  let dir: string;
  let ctx: TestServices;
  let tasks: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'dunghan-moving-clock-'));
    const file = join(dir, 'agency.bundle.json');
    const options = {
      seed: 20250402,
      units: 5,
      people: 40,
      targetRecords: 2000,
      from: '2025-01-01',
      to: '2025-04-30',
    };
    await writeBundle(file, generateAgency(options), {
      system: 'test',
      exportedAt: exportInstantOf(options.to),
    });
    const env = { DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'test' };
    // Imported and judged as of a night in February: most of the file's facts are still to come.
    const imported = await capture(
      (io) => runImport({ bundle: [file], asOf: '2025-02-10T01:30:00+07:00' }, io),
      env,
    );
    expect(imported.code).toBe(0);
    ctx = await openServices(env);
    [{ tasks }] = await query<{ tasks: number }>(
      db.url,
      'SELECT ((SELECT count(*) FROM tasks) + (SELECT count(*) FROM documents))::int AS tasks',
    );
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function expectStoredToEqualFull() {
    const { stored, recomputed, dataset, evaluation } = await storedAndRecomputed(ctx);
    expect(stored.length).toBe(recomputed.length);
    expect(stored).toEqual(recomputed);
    const scores = finalizeScores(
      computeScores(evaluation.obligations, ctx.domain.campaigns, dataset.people.values()),
      [],
      ctx.domain.campaigns,
      dataset.people.values(),
    );
    expect(comparable((await ctx.scoreStore.list({ limit: 500 })).items)).toEqual(comparable(scores));
  }

  it.each([
    ['the next night', '2025-02-11T01:30:00+07:00', 'affected'],
    ['later the same day', '2025-02-11T16:00:00+07:00', 'affected'],
    ['after a weekend', '2025-02-17T01:30:00+07:00', 'affected'],
    ['a month on', '2025-03-17T01:30:00+07:00', 'affected'],
    ['over the Hùng Kings and 30/4 holidays', '2025-05-05T01:30:00+07:00', 'affected'],
    ['back in March', '2025-03-03T01:30:00+07:00', 'full'],
    ['past the data', '2025-06-02T01:30:00+07:00', 'affected'],
  ])('%s: %s judged %s, stored equals a full evaluation', async (_, asOf, scope) => {
    const summary = await ctx.evaluation.evaluate(instant(asOf), 'test', 'pending');
    expect(summary.scope).toBe(scope);
    if (scope === 'affected') expect(summary.subjects).toBeLessThan(tasks);
    await expectStoredToEqualFull();
  });

  it('later the same day judges only what holds a later fact, not the overdue', async () => {
    await ctx.evaluation.evaluate(instant('2025-06-03T01:30:00+07:00'), 'test', 'pending');
    const [{ overdue }] = await query<{ overdue: number }>(
      db.url,
      `SELECT count(DISTINCT task_id)::int AS overdue FROM obligations WHERE status = 'overdue'`,
    );
    expect(overdue).toBeGreaterThan(0);
    const sameDay = await ctx.evaluation.evaluate(instant('2025-06-03T15:00:00+07:00'), 'test', 'pending');
    expect(sameDay.subjects).toBe(0);
    await expectStoredToEqualFull();
  });
});
