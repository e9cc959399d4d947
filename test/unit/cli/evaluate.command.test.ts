import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runEvaluate, type EvaluateOptions } from '../../../src/cli/evaluate.command.js';
import {
  EXAMPLE_BUNDLE,
  EXAMPLE_EXPECTED,
  exampleBundle,
  writeBundle,
} from '../../factories/bundle.factory.js';

async function evaluateCli(options: EvaluateOptions, env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runEvaluate(options, { stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const ASOF = '2024-05-08T17:00:00+07:00';

describe('dunghan evaluate', () => {
  it('gives the hand-checked answers of the shared 2024 example', async () => {
    const expected = JSON.parse(readFileSync(EXAMPLE_EXPECTED, 'utf8')) as {
      asOf: string;
      obligations: Record<string, Record<string, unknown>>;
      absent: string[];
    };
    const { code, stdout, stderr } = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: expected.asOf });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { obligations: { id: string }[] };
    const byId = new Map(result.obligations.map((o) => [o.id, o]));
    for (const [id, want] of Object.entries(expected.obligations)) {
      const { why: _why, ...fields } = want;
      expect({ id, ...byId.get(id) }).toMatchObject({ id, ...fields });
    }
    for (const id of expected.absent) expect(byId.has(id)).toBe(false);
  });

  it('--stale SOURCE=INSTANT judges "unknown" what turned late or overdue after that sync, and only that', async () => {
    const run = async (stale?: string[]) => {
      const { code, stdout } = await evaluateCli({
        bundle: [EXAMPLE_BUNDLE],
        asOf: ASOF,
        ...(stale ? { stale } : {}),
      });
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as {
        obligations: { id: string; status: string; details: Record<string, unknown> }[];
        scores: unknown[];
      };
      return { stdout, result, byId: new Map(result.obligations.map((o) => [o.id, o])) };
    };
    const plain = await run();
    // A bundle says nothing of its source: the stale source applies to all of its records.
    const stale = await run(['vpdt=2024-05-03T01:30:00+07:00']);
    // plan:e2 turned overdue on Tue 7 May, after Fri 3 May: unknown.
    expect(plain.byId.get('plan:e2')?.status).toBe('overdue');
    expect(stale.byId.get('plan:e2')).toMatchObject({
      status: 'unknown',
      details: { unknownStatus: 'overdue', staleSource: 'vpdt', staleSince: '2024-05-03T01:30:00+07:00' },
    });
    // Late before the last good sync: stays late.
    expect(stale.byId.get('unit_submission:e3d')?.status).toBe('late');
    expect(stale.byId.get('weekly_schedule:VP:2024-W18')?.status).toBe('late');
    // So do the W19 schedules of BCVT and BGD, due Fri 3 May and never published: overdue from Sat 4.
    expect(stale.result.obligations.filter((o) => o.status === 'unknown').map((o) => o.id)).toEqual([
      'plan:e2',
      'weekly_schedule:BCVT:2024-W19',
      'weekly_schedule:BGD:2024-W19',
    ]);
    // Not judged: the scores change.
    expect(stale.result.scores).not.toEqual(plain.result.scores);
    // Without --stale the output is what it always was (no unknown anywhere).
    expect(plain.stdout).not.toContain('unknown');
  });

  it('--stale without SOURCE=INSTANT is a usage error naming it', async () => {
    const { code, stderr } = await evaluateCli({
      bundle: [EXAMPLE_BUNDLE],
      asOf: ASOF,
      stale: ['vpdt'],
      lang: 'en',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--stale vpdt: expected SOURCE=INSTANT');
  });

  it('rejects a document received in 1850 or due in 2999 by record and field, and evaluates the rest', async () => {
    const bundle = exampleBundle();
    const doc = bundle.documents[0];
    bundle.documents.push(
      { ...doc, id: 'old', receivedAt: '1850-03-04T08:00:00+07:00' },
      { ...doc, id: 'far', deadline: '2999-03-15' },
    );
    const { code, stdout, stderr } = await evaluateCli({
      bundle: [writeBundle(bundle)],
      asOf: ASOF,
      lang: 'en',
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /: document old, field receivedAt: date 1850-03-04T08:00:00\+07:00 is outside the plausible range \(1990-01-01 – 2034-05-08\);/,
    );
    expect(stderr).toMatch(/: document far, field deadline: date 2999-03-15 is outside the plausible range/);
    const ids = (JSON.parse(stdout) as { obligations: { id: string }[] }).obligations.map((o) => o.id);
    expect(ids).toContain(`document_channel:${String(doc.id)}`);
    expect(ids.filter((id) => /:(old|far)$/.test(id))).toEqual([]);
  });

  it('prints EVALUATE.md’s shape, sorted, byte-identical on a second run', async () => {
    const first = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF });
    const second = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF });
    expect(first.stdout).toBe(second.stdout);
    const result = JSON.parse(first.stdout) as {
      asOf: string;
      trackingStart: string;
      calendar: { derivedYears: number[] };
      obligations: { id: string }[];
      scores: { phaseId: string; level: string; id: string; score: number; grade: string }[];
    };
    expect(result.asOf).toBe(ASOF);
    expect(result.trackingStart).toBe('2024-02-07');
    expect(result.calendar).toEqual({ derivedYears: [] });
    const ids = result.obligations.map((o) => o.id);
    expect(ids).toEqual([...ids].sort());
    expect(Object.keys(result.obligations[0])).toEqual([
      'id',
      'rule',
      'subjectId',
      'unitId',
      'personId',
      'dueDate',
      'status',
      'doneAt',
      'workingDaysLate',
      'tight',
      'phaseId',
      'details',
    ]);
    const vp = result.scores.find((s) => s.level === 'unit' && s.id === 'VP');
    expect(vp).toMatchObject({ phaseId: '2024-1' });
    const keys = result.scores.map((s) => `${s.phaseId}|${s.level}|${s.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('applies several bundles in order: a later record replaces, a tombstone removes', async () => {
    const later = {
      format: 'dunghan.bundle.v1',
      source: { system: 'test', exportedAt: '2024-05-08T18:00:00+07:00' },
      tasks: [
        {
          ...exampleBundle().tasks.find((t) => t.id === 'e2'),
          plan: { reportedAt: '2024-05-06T10:00:00+07:00', targetDate: '2024-05-20' },
        },
      ],
      deleted: [{ kind: 'document', id: 'e6p' }],
    };
    const { code, stdout } = await evaluateCli({ bundle: [EXAMPLE_BUNDLE, writeBundle(later)], asOf: ASOF });
    expect(code).toBe(0);
    const byId = new Map(
      (JSON.parse(stdout) as { obligations: { id: string; status: string }[] }).obligations.map((o) => [
        o.id,
        o,
      ]),
    );
    expect(byId.get('plan:e2')?.status).toBe('met');
    expect(byId.has('document_channel:e6p')).toBe(false);
  });

  it('never prints a confidential document’s number or subject, in any format or language', async () => {
    const bundle = exampleBundle();
    const secret = bundle.documents.find((d) => d.id === 'e6c')!;
    secret.number = '77/TUYET-MAT-XYZ';
    secret.subject = 'Kế hoạch bảo vệ bí mật ABCXYZ';
    secret.date = '2024-02-30'; // a broken field on it must not echo anything but its id either
    bundle.tasks.push({
      id: 'tsecret',
      documentId: 'e6c',
      title: 'Xử lý văn bản ABCXYZ',
      unitId: 'VP',
      assigneeId: 'CV1',
      assignedAt: '2024-03-05T11:00:00+07:00',
      deadline: '2024-03-08',
    });
    bundle.drafts.push({
      id: 'drsecret',
      taskId: 'tsecret',
      drafterId: 'CV1',
      unitId: 'VP',
      submittedToUnitAt: '2024-03-09T10:00:00+07:00',
    });
    const file = writeBundle(bundle);
    for (const format of ['json', 'table']) {
      for (const lang of ['vi', 'en']) {
        const { stdout, stderr } = await evaluateCli({ bundle: [file], asOf: ASOF, format, lang });
        const all = stdout + stderr;
        expect(all).not.toContain('TUYET-MAT');
        expect(all).not.toContain('ABCXYZ');
        expect(all).not.toMatch(/tsecret|drsecret/);
      }
    }
  });

  it('prints a Vietnamese table a person can read', async () => {
    const { code, stdout } = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF, format: 'table' });
    expect(code).toBe(0);
    expect(stdout).toContain('ĐÚNG HẠN — kết quả đánh giá tại thời điểm 08/05/2024 17:00 +07:00');
    expect(stdout).toMatch(
      /plan:e2\s+Báo cáo kế hoạch thực hiện \(3 ngày\)\s+BCVT\s+CV2\s+06\/05\/2024\s+Quá hạn\s+2/,
    );
    expect(stdout).toContain('ĐIỂM THI ĐUA');
    expect(stdout).toMatch(/Hoàn thành (xuất sắc|tốt)?/);
  });

  it('writes one format in the Vietnamese table: dd/mm/yyyy, Vietnam time with +07:00, decimal commas', async () => {
    const { stdout } = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF, format: 'table' });
    // A completion time is local time with its offset, dated as the due dates are; never ISO or UTC.
    expect(stdout).toMatch(/document_channel:e3 .* 04\/03\/2024 08:00 \+07:00\s+2024-1\n/);
    expect(stdout).not.toMatch(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/);
    expect(stdout).not.toMatch(/\d{2}:\d{2}(:\d{2})?Z/);
    // Scores and rates with a decimal comma, never a point.
    expect(stdout).toMatch(/CV1\s+Ngô Minh Châu\s+70,00\s+Hoàn thành tốt/);
    expect(stdout).toMatch(/VP\s+Văn phòng Sở\s+57,02\s+Hoàn thành\s+0,0 % \/ 90,0 %/);
    expect(stdout).toMatch(/100,0 % \(1\/1\)\s+50,0 % \(2\/4\)/);
    expect(stdout).not.toMatch(/\d\.\d/);
  });

  it('writes English numbers in the English table, the same dates and Vietnam times', async () => {
    const { stdout } = await evaluateCli({
      bundle: [EXAMPLE_BUNDLE],
      asOf: ASOF,
      format: 'table',
      lang: 'en',
    });
    expect(stdout).toContain('ĐÚNG HẠN — evaluation as of 08/05/2024 17:00 +07:00');
    expect(stdout).toMatch(/CV1\s+Ngô Minh Châu\s+70\.00\s+Good/);
    expect(stdout).toMatch(/document_channel:e3 .* 04\/03\/2024 08:00 \+07:00/);
  });

  it('takes --as-of as a clerk types it: 08/05/2024 is the end of that day, 08/05/2024 17:00 Vietnam time', async () => {
    const day = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: '08/05/2024' });
    expect(day.code).toBe(0);
    expect((JSON.parse(day.stdout) as { asOf: string }).asOf).toBe('2024-05-08T23:59:59+07:00');
    const time = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: '08/05/2024 17:00' });
    expect(time.stdout).toBe((await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF })).stdout);
    const wrong = await evaluateCli({ bundle: [EXAMPLE_BUNDLE], asOf: '30/02/2024' });
    expect([wrong.code, wrong.stderr]).toEqual([
      2,
      expect.stringContaining('--as-of 30/02/2024: không phải'),
    ]);
  });

  const usage: { name: string; options: EvaluateOptions; vi: RegExp; en: RegExp }[] = [
    { name: 'no --as-of', options: { bundle: [EXAMPLE_BUNDLE] }, vi: /Thiếu --as-of/, en: /Missing --as-of/ },
    {
      name: 'an --as-of without offset',
      options: { bundle: [EXAMPLE_BUNDLE], asOf: '2024-05-08T17:00:00' },
      vi: /thiếu múi giờ/,
      en: /no UTC offset/,
    },
    {
      name: 'an --as-of that is no date',
      options: { bundle: [EXAMPLE_BUNDLE], asOf: '2024-02-30' },
      vi: /không phải thời điểm hợp lệ/,
      en: /not a valid instant/,
    },
    {
      name: 'no --bundle',
      options: { bundle: [], asOf: ASOF },
      vi: /Thiếu --bundle/,
      en: /Missing --bundle/,
    },
    {
      name: 'an unknown --format',
      options: { bundle: [EXAMPLE_BUNDLE], asOf: ASOF, format: 'xml' },
      vi: /chỉ nhận json hoặc table/,
      en: /must be json or table/,
    },
    {
      name: 'a missing configuration folder',
      options: { bundle: [EXAMPLE_BUNDLE], asOf: ASOF, config: '/nonexistent/dunghan' },
      vi: /Cấu hình không dùng được: \/nonexistent\/dunghan/,
      en: /Configuration cannot be used/,
    },
  ];
  it.each(usage)('exits 2 with a message for $name', async ({ options, vi, en }) => {
    const inVi = await evaluateCli(options);
    expect(inVi.code).toBe(2);
    expect(inVi.stdout).toBe('');
    expect(inVi.stderr).toMatch(vi);
    const inEn = await evaluateCli({ ...options, lang: 'en' });
    expect(inEn.stderr).toMatch(en);
  });

  const broken: {
    name: string;
    file: () => string;
    code: number;
    vi: string;
    en: string;
    stillThere?: string;
    gone?: string;
  }[] = [
    {
      name: 'broken JSON',
      file: () => writeBundle('{"format": "dunghan.bundle.v1", "units": [\n', 'broken.json'),
      code: 2,
      vi: 'broken.json: tệp không phải JSON hợp lệ: tệp kết thúc giữa chừng (bị cắt cụt?) (dòng 2, byte 43)',
      en: 'broken.json: not valid JSON: the file ends too early (truncated?) (line 2, byte 43)',
    },
    {
      name: 'a wrong format',
      file: () => writeBundle({ ...exampleBundle(), format: 'other.v2' }, 'wrong-format.json'),
      code: 2,
      vi: 'wrong-format.json: trường format: là "other.v2", cần "dunghan.bundle.v1"; đây không phải tệp dữ liệu của Đúng hạn hoặc là phiên bản khác',
      en: 'wrong-format.json: field format: is "other.v2", expected "dunghan.bundle.v1"; this is not a Đúng hạn bundle or another version of it',
    },
    {
      name: 'a task with an unknown unitId',
      file: () => {
        const b = exampleBundle();
        b.tasks.find((t) => t.id === 'e2')!.unitId = 'NOPE';
        return writeBundle(b, 'unknown-unit.json');
      },
      code: 0,
      vi: 'unknown-unit.json: công việc (task) e2, trường unitId: đơn vị NOPE không có trong dữ liệu đã nhập; bản ghi bị loại',
      en: 'unknown-unit.json: task e2, field unitId: unit NOPE is not in the imported data; the record was rejected',
      gone: 'plan:e2',
      stillThere: 'plan:e1',
    },
    {
      name: 'a date that does not exist',
      file: () => {
        const b = exampleBundle();
        b.tasks.find((t) => t.id === 'e2')!.deadline = '2025-02-30';
        return writeBundle(b, 'bad-date.json');
      },
      code: 0,
      vi: 'bad-date.json: công việc (task) e2, trường deadline: ngày 2025-02-30 không có trên lịch',
      en: 'bad-date.json: task e2, field deadline: 2025-02-30 is not a date on the calendar',
      gone: 'plan:e2',
      stillThere: 'plan:e1',
    },
    {
      name: 'a timestamp without an offset',
      file: () => {
        const b = exampleBundle();
        b.drafts.find((d) => d.id === 'e3d')!.submittedToUnitAt = '2024-03-12T16:00:00';
        return writeBundle(b, 'no-offset.json');
      },
      code: 0,
      vi: 'no-offset.json: dự thảo (draft) e3d, trường submittedToUnitAt: thời điểm 2024-03-12T16:00:00 thiếu múi giờ; cần ghi rõ, ví dụ 2024-03-12T16:00:00+07:00',
      en: 'no-offset.json: draft e3d, field submittedToUnitAt: timestamp 2024-03-12T16:00:00 has no UTC offset; write one, e.g. 2024-03-12T16:00:00+07:00',
      gone: 'staff_submission:e3d',
      stillThere: 'staff_submission:e4d',
    },
  ];
  it.each(broken)(
    'reports $name by file, record, field and reason, and keeps the good records',
    async (c) => {
      const file = c.file();
      const vi = await evaluateCli({ bundle: [file], asOf: ASOF });
      expect(vi.code).toBe(c.code);
      expect(vi.stderr.split('\n')).toContain(join(dirname(file), c.vi));
      expect(vi.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const en = await evaluateCli({ bundle: [file], asOf: ASOF, lang: 'en' });
      expect(en.stderr.split('\n')).toContain(join(dirname(file), c.en));
      if (c.code === 2) {
        expect(vi.stdout).toBe('');
        return;
      }
      expect(en.stderr).toContain('Invalid records skipped: 1; the other records were evaluated.');
      const ids = new Set(
        (JSON.parse(vi.stdout) as { obligations: { id: string }[] }).obligations.map((o) => o.id),
      );
      expect(ids.has(c.gone!)).toBe(false);
      expect(ids.has(c.stillThere!)).toBe(true);
    },
  );
});
