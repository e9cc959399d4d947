import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestServices } from '../support/services.js';
import { openServices } from '../support/services.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { runSnapshot } from '../../../src/cli/snapshot.command.js';
import type { Exemption } from '../../../src/domain/rules/obligation.js';
import type { AdjustmentTotal } from '../../../src/domain/scoring/final-score.js';
import { parseInstant } from '../../../src/domain/time.js';
import { evaluateStored } from '../../../src/modules/evaluation/stored-evaluation.js';
import { ReviewError } from '../../../src/modules/review/review.errors.js';
import { SnapshotService } from '../../../src/modules/snapshots/snapshot.service.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import { comparable, offlineScores } from '../support/offline-scores.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';

/** The review meets after phase 2024-1 (1 Jan – 31 May) ended; the data is evaluated as of then. */
const NOW = '2024-06-10T09:00:00+07:00';
const now = parseInstant(NOW)!;
const COUNCIL = 'token:12 (council)';

async function refusal(work: Promise<unknown>): Promise<ReviewError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewError);
  return error as ReviewError;
}

describe('exemptions and adjustments, audited (real Postgres)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let ctx: TestServices;
  /** What the council has decided so far, to compute the expected scores offline. */
  const exempted = new Map<string, Exemption>();
  const adjustments: AdjustmentTotal[] = [];

  async function expectScoresAsOffline(): Promise<void> {
    const { final } = await offlineScores(EXAMPLE_BUNDLE, now, {
      exemptions: [...exempted.values()],
      adjustments,
    });
    expect(comparable((await ctx.scoreStore.list({ limit: 1000 })).items)).toEqual(comparable(final));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'test', DUNGHAN_CLOCK: NOW };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: NOW }, io), env)).code).toBe(0);
    ctx = await openServices(env);
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('exempts an overdue plan: stored exempt with the would-be status kept, scores recomputed, audited with before and after', async () => {
    const bcvtBefore = await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'BCVT' });
    const r = await ctx.review.exempt({
      obligationId: 'plan:e2',
      reason: 'Nhiệm vụ đột xuất của UBND tỉnh, đã báo cáo miệng',
      actor: COUNCIL,
    });
    exempted.set('plan:e2', { obligationId: 'plan:e2', by: COUNCIL, reason: r.exemption.reason, at: now });

    expect(r.exemption).toEqual(
      expect.objectContaining({
        obligationId: 'plan:e2',
        by: COUNCIL,
        at: now,
        revokedAt: null,
        unitId: 'BCVT',
      }),
    );
    expect(r.obligation).toEqual(
      expect.objectContaining({
        id: 'plan:e2',
        status: 'exempt',
        workingDaysLate: null,
        details: expect.objectContaining({
          exemptedStatus: 'overdue',
          exemptedBy: COUNCIL,
          exemptionReason: 'Nhiệm vụ đột xuất của UBND tỉnh, đã báo cáo miệng',
          exemptedAt: '2024-06-10T09:00:00+07:00',
        }),
      }),
    );
    const [row] = await query<{ status: string }>(
      db.url,
      `SELECT status FROM obligations WHERE id = 'plan:e2'`,
    );
    expect(row.status).toBe('exempt');
    await expectScoresAsOffline();
    // BCVT's only plan was overdue: the rule leaves its score.
    const bcvtAfter = await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'BCVT' });
    expect(bcvtBefore!.rules.plan).toEqual({ judged: 1, met: 0, rate: 0 });
    expect(bcvtAfter!.rules.plan).toBeUndefined();

    const history = await query<{ previous_status: string; status: string; cause: string }>(
      db.url,
      `SELECT previous_status, status, cause FROM obligation_history WHERE obligation_id = 'plan:e2' ORDER BY id DESC LIMIT 1`,
    );
    expect(history).toEqual([
      { previous_status: 'overdue', status: 'exempt', cause: `exemption:${r.exemption.id}` },
    ]);
    expect(await query(db.url, 'SELECT * FROM sync_pending_subjects')).toEqual([]);

    expect(r.audit).toEqual(
      expect.objectContaining({
        actor: COUNCIL,
        action: 'exemption.create',
        target: 'obligation:plan:e2',
        reason: 'Nhiệm vụ đột xuất của UBND tỉnh, đã báo cáo miệng',
        at: now,
      }),
    );
    const [audit] = (await ctx.review.audit({ target: 'obligation:plan:e2' })).items;
    expect(audit).toEqual(r.audit);
    expect(audit.before).toEqual({
      status: 'overdue',
      exemptedStatus: null,
      scores: [
        expect.objectContaining({ level: 'unit', subjectId: 'BCVT', score: bcvtBefore!.score }),
        expect.objectContaining({ level: 'person', subjectId: 'CV2' }),
      ],
    });
    expect(audit.after).toEqual({
      status: 'exempt',
      exemptedStatus: 'overdue',
      scores: [
        expect.objectContaining({ level: 'unit', subjectId: 'BCVT', score: bcvtAfter!.score }),
        expect.objectContaining({ level: 'person', subjectId: 'CV2' }),
      ],
    });
  });

  it('refuses a second exemption, an unknown obligation, and a missing or overlong reason or actor', async () => {
    const again = await refusal(
      ctx.review.exempt({ obligationId: 'plan:e2', reason: 'lần nữa', actor: COUNCIL }),
    );
    expect(again).toMatchObject({ problem: 'already_exempt', kind: 'conflict', field: 'obligationId' });
    expect(again.vi).toContain('đang được miễn');
    expect(again.en).toContain('already exempt');

    const unknown = await refusal(
      ctx.review.exempt({ obligationId: 'plan:nope', reason: 'x', actor: COUNCIL }),
    );
    expect(unknown).toMatchObject({
      problem: 'obligation_unknown',
      kind: 'not_found',
      field: 'obligationId',
    });
    expect(unknown.message).toBe('obligationId: không có nghĩa vụ "plan:nope" / no obligation "plan:nope"');

    for (const reason of ['', '   ', 'x'.repeat(2001), 42 as unknown as string]) {
      const e = await refusal(ctx.review.exempt({ obligationId: 'plan:e1', reason, actor: COUNCIL }));
      expect(e).toMatchObject({ problem: 'reason_invalid', kind: 'invalid', field: 'reason' });
    }
    expect(
      await refusal(ctx.review.exempt({ obligationId: 'plan:e1', reason: 'lý do', actor: ' ' })),
    ).toMatchObject({ problem: 'actor_invalid', field: 'actor' });
    expect(
      await refusal(
        ctx.review.exempt({ obligationId: 7 as unknown as string, reason: 'lý do', actor: COUNCIL }),
      ),
    ).toMatchObject({ problem: 'id_invalid', field: 'obligationId' });
    // Nothing was written by the refusals.
    expect((await ctx.review.audit()).total).toBe(1);
    expect((await ctx.review.exemptions()).total).toBe(1);
  });

  it('exempts a document’s and a weekly schedule’s obligation too (2000-character reason)', async () => {
    const long = 'Đ'.repeat(2000);
    const doc = await ctx.review.exempt({
      obligationId: 'document_channel:e6p',
      reason: long,
      actor: COUNCIL,
    });
    expect(doc.obligation).toMatchObject({
      status: 'exempt',
      details: expect.objectContaining({ exemptedStatus: 'violated' }),
    });
    const week = await ctx.review.exempt({
      obligationId: 'weekly_schedule:VP:2024-W10',
      reason: 'Tuần nghỉ Tết',
      actor: 'cli:hoa',
    });
    expect(week.obligation).toMatchObject({
      status: 'exempt',
      details: expect.objectContaining({ exemptedStatus: 'overdue' }),
    });
    for (const [id, r] of [
      ['document_channel:e6p', doc],
      ['weekly_schedule:VP:2024-W10', week],
    ] as const)
      exempted.set(id, { obligationId: id, by: r.exemption.by, reason: r.exemption.reason, at: now });
    await expectScoresAsOffline();
  });

  it('feeds the standing exemptions to every evaluation: the stored one (CLI, snapshots) and later syncs', async () => {
    const { evaluation } = await evaluateStored(ctx, now);
    const status = (id: string) => evaluation.obligations.find((o) => o.id === id)?.status;
    expect(['plan:e2', 'document_channel:e6p', 'weekly_schedule:VP:2024-W10'].map(status)).toEqual([
      'exempt',
      'exempt',
      'exempt',
    ]);
    // Not before it was made: as of the day before, plan:e2 is overdue.
    const earlier = await evaluateStored(ctx, now - 86_400_000);
    expect(earlier.evaluation.obligations.find((o) => o.id === 'plan:e2')?.status).toBe('overdue');

    await ctx.evaluation.evaluate(now, 'test', 'pending');
    await expectScoresAsOffline();
    await ctx.evaluation.evaluate(now, 'test', 'full');
    await expectScoresAsOffline();
    const rows = await query<{ id: string; status: string }>(
      db.url,
      `SELECT id, status FROM obligations WHERE status = 'exempt' ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toEqual(['document_channel:e6p', 'plan:e2', 'weekly_schedule:VP:2024-W10']);
  });

  it('revokes an exemption: judged again as before, the exemption kept on record, audited', async () => {
    const standing = (await ctx.review.exemptions({ obligationId: 'plan:e2', standing: true })).items[0];
    const r = await ctx.review.revokeExemption({
      exemptionId: standing.id,
      reason: 'Không có văn bản giao nhiệm vụ đột xuất',
      actor: COUNCIL,
    });
    exempted.delete('plan:e2');
    expect(r.obligation).toMatchObject({ id: 'plan:e2', status: 'overdue' });
    expect(r.obligation!.details).not.toHaveProperty('exemptedStatus');
    expect(r.exemption).toMatchObject({
      id: standing.id,
      revokedAt: now,
      revokedBy: COUNCIL,
      revokeReason: 'Không có văn bản giao nhiệm vụ đột xuất',
    });
    expect(r.audit).toMatchObject({
      action: 'exemption.revoke',
      target: 'obligation:plan:e2',
      before: expect.objectContaining({ status: 'exempt', exemptedStatus: 'overdue' }),
      after: expect.objectContaining({ status: 'overdue', exemptedStatus: null }),
    });
    await expectScoresAsOffline();

    expect(
      await refusal(ctx.review.revokeExemption({ exemptionId: standing.id, reason: 'lại', actor: COUNCIL })),
    ).toMatchObject({ problem: 'exemption_revoked', kind: 'conflict', field: 'exemptionId' });
    expect(
      await refusal(ctx.review.revokeExemption({ exemptionId: '999999', reason: 'x', actor: COUNCIL })),
    ).toMatchObject({ problem: 'exemption_unknown', kind: 'not_found' });
    expect(
      await refusal(
        ctx.review.revokeExemption({ exemptionId: '1; DROP TABLE x', reason: 'x', actor: COUNCIL }),
      ),
    ).toMatchObject({ problem: 'id_invalid', kind: 'invalid', field: 'exemptionId' });

    // Exempt again after a revocation: a new standing exemption.
    const again = await ctx.review.exempt({
      obligationId: 'plan:e2',
      reason: 'Có văn bản bổ sung',
      actor: COUNCIL,
    });
    expect(again.exemption.id).not.toBe(standing.id);
    await ctx.review.revokeExemption({ exemptionId: again.exemption.id, reason: 'Nhầm', actor: COUNCIL });

    expect((await ctx.review.exemptions()).total).toBe(4);
    expect((await ctx.review.exemptions({ standing: true })).items.map((e) => e.obligationId).sort()).toEqual(
      ['document_channel:e6p', 'weekly_schedule:VP:2024-W10'],
    );
    expect((await ctx.review.exemptions({ standing: false })).total).toBe(2);
    expect((await ctx.review.exemptions({ unitId: 'VP', phaseId: '2024-1' })).total).toBe(2);
    expect(
      (await ctx.review.exemptions({ unitId: 'BCVT' })).items.every((e) => e.obligationId === 'plan:e2'),
    ).toBe(true);
  });

  it('adjusts a unit’s and people’s scores: final = computed + points, clamped to 0…100, graded and ranked again, audited', async () => {
    const vpBefore = (await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'VP' }))!;
    const r = await ctx.review.adjust({
      phaseId: '2024-1',
      level: 'unit',
      subjectId: 'VP',
      points: 5.5,
      reason: 'Khen thưởng đột xuất của UBND tỉnh',
      actor: COUNCIL,
    });
    adjustments.push({ phaseId: '2024-1', level: 'unit', subjectId: 'VP', points: 5.5 });
    expect(r.adjustment).toMatchObject({
      phaseId: '2024-1',
      level: 'unit',
      subjectId: 'VP',
      unitId: 'VP',
      points: 5.5,
      at: now,
    });
    expect(r.score).toMatchObject({
      computedScore: vpBefore.computedScore,
      adjustment: 5.5,
      score: Math.round((vpBefore.computedScore + 5.5) * 100) / 100,
    });
    expect(r.audit).toMatchObject({
      action: 'adjustment.create',
      target: 'score:2024-1/unit/VP',
      reason: 'Khen thưởng đột xuất của UBND tỉnh',
      before: { score: vpBefore.score, adjustment: 0, grade: vpBefore.grade, rank: vpBefore.rank },
      after: { score: r.score.score, adjustment: 5.5, grade: r.score.grade, rank: r.score.rank, points: 5.5 },
    });
    await expectScoresAsOffline();

    // A person raised to excellent counts in the unit's excellent share; another clamped at 0.
    const cv1 = (await ctx.scoreStore.get({ phaseId: '2024-1', level: 'person', subjectId: 'CV1' }))!;
    const raise = Math.round((95 - cv1.computedScore) * 100) / 100;
    const up = await ctx.review.adjust({
      phaseId: '2024-1',
      level: 'person',
      subjectId: 'CV1',
      points: raise,
      reason: 'Sáng kiến được công nhận',
      actor: COUNCIL,
    });
    adjustments.push({ phaseId: '2024-1', level: 'person', subjectId: 'CV1', points: raise });
    expect(up.score).toMatchObject({ score: 95, grade: 'excellent', unitId: 'VP', rank: null });
    const down = await ctx.review.adjust({
      phaseId: '2024-1',
      level: 'person',
      subjectId: 'TP1',
      points: -100,
      reason: 'Vi phạm kỷ luật',
      actor: COUNCIL,
    });
    adjustments.push({ phaseId: '2024-1', level: 'person', subjectId: 'TP1', points: -100 });
    expect(down.score).toMatchObject({ score: 0, grade: 'fail', adjustment: -100 });
    await expectScoresAsOffline();
    const vp = (await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'VP' }))!;
    expect(vp.excellentShare).toBe(0.5); // CV1 excellent, TP1 not

    // Several adjustments sum exactly: 0.1 + 0.2 is 0.3.
    for (const points of [0.1, 0.2]) {
      await ctx.review.adjust({
        phaseId: '2024-1',
        level: 'unit',
        subjectId: 'BGD',
        points,
        reason: 'Cộng',
        actor: COUNCIL,
      });
      adjustments.push({ phaseId: '2024-1', level: 'unit', subjectId: 'BGD', points });
    }
    const bgd = (await ctx.scoreStore.get({ phaseId: '2024-1', level: 'unit', subjectId: 'BGD' }))!;
    expect(bgd.adjustment).toBe(0.3);
    expect(bgd.score).toBe(Math.round((bgd.computedScore + 0.3) * 100) / 100);
    await expectScoresAsOffline();

    // Units ranked by the final score: competition ranking.
    const units = (await ctx.scoreStore.list({ phaseId: '2024-1', level: 'unit' })).items;
    for (const u of units) expect(u.rank).toBe(1 + units.filter((v) => v.score > u.score).length);

    // A full evaluation keeps them.
    await ctx.evaluation.evaluate(now, 'test', 'full');
    await expectScoresAsOffline();
  });

  it('refuses bad points, levels, phases and subjects, and a total beyond ±100', async () => {
    const base = {
      phaseId: '2024-1',
      level: 'unit' as const,
      subjectId: 'VP',
      reason: 'lý do',
      actor: COUNCIL,
    };
    for (const points of [0, 100.01, -101, 1.005, Number.NaN, Infinity, '5' as unknown as number]) {
      const e = await refusal(ctx.review.adjust({ ...base, points }));
      expect(e).toMatchObject({ problem: 'points_invalid', kind: 'invalid', field: 'points' });
    }
    expect(await refusal(ctx.review.adjust({ ...base, level: 'x' as 'unit', points: 1 }))).toMatchObject({
      problem: 'level_invalid',
      field: 'level',
    });
    expect(await refusal(ctx.review.adjust({ ...base, phaseId: '1999-1', points: 1 }))).toMatchObject({
      problem: 'phase_unknown',
      kind: 'not_found',
      field: 'phaseId',
    });
    const nobody = await refusal(ctx.review.adjust({ ...base, subjectId: 'NOPE', points: 1 }));
    expect(nobody).toMatchObject({ problem: 'score_subject_unknown', kind: 'not_found', field: 'subjectId' });
    expect(nobody.vi).toBe('đơn vị "NOPE" không có điểm trong đợt 2024-1');
    // CV1 already has +(95 − computed) ≈ +25: +80 more would total beyond 100.
    const beyond = await refusal(
      ctx.review.adjust({ ...base, level: 'person', subjectId: 'CV1', points: 80 }),
    );
    expect(beyond).toMatchObject({ problem: 'points_invalid', field: 'points' });
    expect(beyond.en).toContain('beyond ±100');
    expect((await ctx.review.adjustments()).total).toBe(5);
  });

  it('lists adjustments and the audit log by filter, newest first, a page at a time; the log refuses edits', async () => {
    const vp = await ctx.review.adjustments({ unitId: 'VP' });
    expect(vp.items.map((a) => `${a.level}:${a.subjectId}`)).toEqual(['person:TP1', 'person:CV1', 'unit:VP']);
    expect(
      (await ctx.review.adjustments({ level: 'unit', subjectId: 'BGD' })).items.map((a) => a.points),
    ).toEqual([0.2, 0.1]);

    const all = await ctx.review.audit();
    // 3 exemptions, 2 revocations… : plan:e2 twice, e6p, W10; 2 revocations; 5 adjustments.
    expect(all.total).toBe(11);
    expect(all.items.map((a) => Number(a.id))).toEqual(
      [...all.items.map((a) => Number(a.id))].sort((a, b) => b - a),
    );
    expect((await ctx.review.audit({ action: 'exemption.revoke' })).total).toBe(2);
    expect((await ctx.review.audit({ target: 'score:2024-1/*' })).total).toBe(5);
    expect((await ctx.review.audit({ target: 'score:2024-1/person/*' })).items.map((a) => a.target)).toEqual([
      'score:2024-1/person/TP1',
      'score:2024-1/person/CV1',
    ]);
    expect((await ctx.review.audit({ actor: 'cli:hoa' })).items.map((a) => a.target)).toEqual([
      'obligation:weekly_schedule:VP:2024-W10',
    ]);
    expect((await ctx.review.audit({ from: now + 1 })).total).toBe(0);
    const page = await ctx.review.audit({ limit: 4, offset: 4 });
    expect(page).toMatchObject({ total: 11, limit: 4, offset: 4 });
    expect(page.items).toEqual(all.items.slice(4, 8));

    await expect(query(db.url, `UPDATE audit_log SET reason = 'x'`)).rejects.toThrow(/cannot be changed/);
    await expect(query(db.url, 'DELETE FROM audit_log')).rejects.toThrow(/cannot be changed/);
  });

  it('freezes the phase with the computed score, the adjustment and the final score, and lists the exemptions and adjustments', async () => {
    const snapshots = ctx.nest.get(SnapshotService);
    const r = await snapshots.freeze('2024-1', { by: 'thư ký hội đồng' });
    // Frozen as of the phase's last second, with the decisions made since (10 June).
    const phaseEnd = SnapshotService.endOf(
      ctx.domain.campaigns.flatMap((c) => c.phases).find((p) => p.id === '2024-1')!,
    );
    expect(r.asOf).toBe(phaseEnd);
    const { content } = await snapshots.get('2024-1', r.version);

    const { final } = await offlineScores(EXAMPLE_BUNDLE, phaseEnd, {
      // The same exemptions, dated inside the phase so evaluate() applies them as of its end.
      exemptions: [...exempted.values()].map((e) => ({ ...e, at: phaseEnd })),
      adjustments,
    });
    const expected = final.filter((e) => e.phaseId === '2024-1');
    const rows = [...content.units, ...content.people].map((u) => ({
      id: u.id,
      score: u.score,
      computedScore: u.computedScore,
      adjustment: u.adjustment,
      grade: u.grade,
    }));
    expect(rows.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      expected
        .map((e) => ({
          id: e.id,
          score: e.score,
          computedScore: e.computedScore,
          adjustment: e.adjustment,
          grade: e.grade,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const vp = content.units.find((u) => u.id === 'VP')!;
    expect(vp.adjustment).toBe(5.5);
    expect(vp.score).toBe(Math.min(100, Math.round((vp.computedScore! + 5.5) * 100) / 100));

    expect(content.exemptions).toEqual([
      {
        id: expect.any(String),
        obligationId: 'document_channel:e6p',
        rule: 'document_channel',
        unitId: 'VP',
        personId: null,
        exemptedStatus: 'violated',
        by: COUNCIL,
        at: '2024-06-10T09:00:00+07:00',
        reason: 'Đ'.repeat(2000),
      },
      {
        id: expect.any(String),
        obligationId: 'weekly_schedule:VP:2024-W10',
        rule: 'weekly_schedule',
        unitId: 'VP',
        personId: 'TP1',
        exemptedStatus: 'overdue',
        by: 'cli:hoa',
        at: '2024-06-10T09:00:00+07:00',
        reason: 'Tuần nghỉ Tết',
      },
    ]);
    expect(content.adjustments!.map((a) => [a.level, a.subjectId, a.name, a.points, a.by, a.at])).toEqual([
      ['unit', 'VP', 'Văn phòng Sở', 5.5, COUNCIL, '2024-06-10T09:00:00+07:00'],
      ['person', 'CV1', 'Ngô Minh Châu', adjustments[1].points, COUNCIL, '2024-06-10T09:00:00+07:00'],
      ['person', 'TP1', 'Vũ Thị Lan', -100, COUNCIL, '2024-06-10T09:00:00+07:00'],
      ['unit', 'BGD', 'Ban Giám đốc', 0.1, COUNCIL, '2024-06-10T09:00:00+07:00'],
      ['unit', 'BGD', 'Ban Giám đốc', 0.2, COUNCIL, '2024-06-10T09:00:00+07:00'],
    ]);

    // One more adjustment: a new version, and the diff names it.
    await ctx.review.adjust({
      phaseId: '2024-1',
      level: 'unit',
      subjectId: 'BCVT',
      points: 10,
      reason: 'Hoàn thành chuyển đổi số',
      actor: COUNCIL,
    });
    const v2 = await snapshots.freeze('2024-1', { by: 'thư ký hội đồng' });
    expect(v2.version).toBe(r.version + 1);
    const d = await snapshots.diff('2024-1', r.version, v2.version);
    expect(d.adjustments.added.map((a) => [a.subjectId, a.points])).toEqual([['BCVT', 10]]);
    expect(d.adjustments.removed).toEqual([]);
    expect(d.exemptions).toEqual({ added: [], removed: [] });
    const bcvt = d.changes.find((c) => c.level === 'unit' && c.id === 'BCVT')!;
    expect(bcvt.adjustment).toEqual({ before: 0, after: 10 });
    expect(bcvt.computedScore.after).toBe(bcvt.computedScore.before);
    expect(bcvt.score.after).toBe(Math.min(100, Math.round((bcvt.computedScore.after! + 10) * 100) / 100));

    const printed = await capture(
      (io) => runSnapshot({ phase: '2024-1', diff: `${r.version}..${v2.version}` }, io),
      env,
    );
    expect(printed.stdout).toContain('điều chỉnh 0 → 10');
    expect(printed.stdout).toContain('Điều chỉnh thêm: đơn vị BCVT +10');

    // The JSON export carries it all.
    const json = await capture((io) => runSnapshot({ phase: '2024-1', export: 'json' }, io), env);
    const exported = JSON.parse(json.stdout) as { content: typeof content };
    expect(exported.content.exemptions).toEqual(content.exemptions);
    expect(exported.content.adjustments).toHaveLength(6);
    expect(exported.content.units.find((u) => u.id === 'BCVT')).toMatchObject({ adjustment: 10 });
  });
});
