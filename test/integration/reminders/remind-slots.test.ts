/**
 * `dunghan remind` against a real Postgres and a real SMTP server: which slots send, to whom, what
 * the messages say, one message per person per slot, re-runs, dry runs, the listing, and no
 * confidential text anywhere. Data: the worked example plus tasks next to 2024's days off
 * (reminder-fixture.ts), imported as the nightly sync would have stored it before each slot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runRemind, runSent } from '../../../src/cli/remind.command.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { configDir, importAsOf, reminderBundle, SECRET_MARKS } from './reminder-fixture.js';
import type { ReceivedMail } from './smtp-test-server.js';
import { addresses, TestSmtpServer } from './smtp-test-server.js';

const CV1 = 'chaunm@hanam.gov.vn';
const CV2 = 'dungtv.bcvt@gmail.com';
const TP1 = 'lanvt@hanam.gov.vn';
const LEADERSHIP = 'lanhdaoso@hanam.gov.vn';

describe('dunghan remind (real Postgres, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  let bundle: string;
  /** Every message any test received, for the confidentiality check at the end. */
  const everything: ReceivedMail[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    const cfg = configDir();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: cfg.configDir,
      DUNGHAN_DATA_DIR: cfg.dataDir,
      DUNGHAN_WORKER_NAME: 'remind-test',
      SMTP_URL: smtp.url(),
    };
    bundle = reminderBundle();
  });
  afterAll(async () => {
    await smtp.stop();
    await db.drop();
  });

  /** The nightly import at 01:30 of the slot's day, then `dunghan remind --as-of <slot>`. */
  async function remind(slot: string, options: { dryRun?: boolean; nightly?: boolean } = {}) {
    if (options.nightly !== false) await importAsOf(bundle, `${slot.slice(0, 10)}T01:30:00+07:00`, env);
    smtp.clear();
    const result = await capture((io) => runRemind({ asOf: slot, dryRun: options.dryRun }, io), env);
    const mails = [...smtp.received];
    everything.push(...mails);
    return { ...result, mails };
  }

  const only = (mails: ReceivedMail[], address: string) => {
    const found = mails.filter((m) => addresses(m.parsed.to).includes(address));
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('sends on a make-up Saturday (Sat 4 May 2024): e2 is due Mon 6 May, one working day later', async () => {
    const { code, stdout, mails } = await remind('2024-05-04T08:00:00+07:00');
    expect(code).toBe(0);
    const mail = only(mails, CV2);
    expect(mail.rcpt).toEqual([CV2]);
    expect(mail.parsed.from?.value).toEqual([
      { name: 'Đúng hạn — Sở Thông tin và Truyền thông', address: 'dunghan@hanam.gov.vn' },
    ]);
    expect(mail.parsed.subject).toBe('[Đúng hạn] Nhắc hạn ngày 04/05/2024: 1 việc (1 sắp đến hạn)');
    expect(mail.parsed.text).toContain('Kính gửi đồng chí Trịnh Văn Dũng,');
    expect(mail.parsed.text).toContain('Nhiệm vụ e2');
    expect(mail.parsed.text).toContain('Hạn: thứ Hai 06/05/2024 — còn 1 ngày làm việc');
    expect(mail.parsed.text).toContain(
      'Căn cứ: 3 ngày làm việc sau ngày nhận nhiệm vụ 02/05 (nhiệm vụ không có thời hạn), tính cả thứ Bảy 4/5 làm bù',
    );
    expect(mail.parsed.html).toContain('Hạn: <strong>thứ Hai 06/05/2024 — còn 1 ngày làm việc</strong>');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toMatch(/^<reminder\.20240504T0800\.[0-9a-f]{24}@dunghan>$/);
    expect(stdout).toContain('Khe nhắc hạn thứ Bảy 04/05/2024 08:00 +07:00 qua SMTP: đã gửi');
  });

  const quiet: { name: string; off: string[]; then: string; address: string; item: string; late: string }[] =
    [
      {
        name: 'the moved day off Mon 29 Apr 2024: r-moved (due Fri 26 Apr) is escalated on Thu 2 May',
        off: ['2024-04-29T08:00:00+07:00'],
        then: '2024-05-02T08:00:00+07:00',
        address: CV1,
        item: 'Báo cáo tổng kết công tác chuyển đổi số',
        late: 'Hạn: thứ Sáu 26/04/2024 — trễ 1 ngày làm việc',
      },
      {
        name: 'Tết (Thu 8 and Mon 12 Feb 2024): r-tet (due Wed 7 Feb) is escalated on Thu 15 Feb',
        off: ['2024-02-08T08:00:00+07:00', '2024-02-12T09:30:00+07:00'],
        then: '2024-02-15T08:00:00+07:00',
        address: CV1,
        item: 'Kế hoạch trực Tết Giáp Thìn',
        late: 'Hạn: thứ Tư 07/02/2024 — trễ 1 ngày làm việc',
      },
      {
        name: 'Saturday 11 and Sunday 12 May 2024: r-weekend (due Fri 10 May) is escalated on Mon 13 May',
        off: ['2024-05-11T08:00:00+07:00', '2024-05-12T08:00:00+07:00'],
        then: '2024-05-13T08:00:00+07:00',
        address: CV1,
        item: 'Rà soát thủ tục hành chính quý II',
        late: 'Hạn: thứ Sáu 10/05/2024 — trễ 1 ngày làm việc',
      },
    ];
  it.each(quiet)('sends nothing on $name', async ({ off, then, address, item, late }) => {
    for (const instant of off) {
      const { code, stdout, mails } = await remind(instant);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Không gửi nhắc hạn lúc .*: không phải ngày làm việc\.$/m);
      expect(mails).toEqual([]);
    }
    const { mails } = await remind(then);
    const mail = only(mails, address);
    expect(mail.parsed.subject).toMatch(/\(1 quá hạn/);
    expect(mail.parsed.text).toContain(item);
    expect(mail.parsed.text).toContain(late);
    // The escalation: the responsible person, with the unit head in copy.
    expect(addresses(mail.parsed.cc)).toEqual([TP1]);
    expect(mail.rcpt.sort()).toEqual([address, TP1].sort());
    expect(mail.parsed.text).toContain('Đồng gửi: Vũ Thị Lan');
  });

  it('sends nothing before 08:00 or after office hours on a working day', async () => {
    for (const instant of ['2024-05-14T07:30:00+07:00', '2024-05-14T18:00:00+07:00']) {
      const { code, mails } = await remind(instant);
      expect(code).toBe(0);
      expect(mails).toEqual([]);
    }
    // As a clerk types it, in Vietnam time, and said back so.
    smtp.clear();
    const typed = await capture((io) => runRemind({ asOf: '14/05/2024 07:30' }, io), env);
    expect([typed.code, typed.stdout, smtp.received]).toEqual([
      0,
      'Không gửi nhắc hạn lúc 14/05/2024 07:30 +07:00: chưa đến giờ gửi nhắc.\n',
      [],
    ]);
  });

  it('puts everything a person must hear about in one message per slot (Wed 8 May 2024)', async () => {
    const { mails } = await remind('2024-05-08T08:00:00+07:00');
    const to = mails.flatMap((m) => addresses(m.parsed.to));
    expect(new Set(to).size).toBe(to.length);
    const mail = only(mails, CV1);
    expect(mail.parsed.subject).toBe('[Đúng hạn] Nhắc hạn ngày 08/05/2024: 2 việc (2 sắp đến hạn)');
    expect(mail.parsed.text).toContain('1. Góp ý dự thảo quy chế văn thư');
    expect(mail.parsed.text).toContain('2. Tổng hợp số liệu hộp thư công vụ');
    expect(mail.parsed.text?.match(/Hạn: thứ Năm 09\/05\/2024 — còn 1 ngày làm việc/g)).toHaveLength(2);
  });

  it('copies leadership’s designated address on a unit’s overdue submission (Thu 16 May 2024)', async () => {
    await remind('2024-05-15T08:00:00+07:00');
    const { mails } = await remind('2024-05-16T08:00:00+07:00');
    const mail = only(mails, TP1);
    expect(addresses(mail.parsed.cc)).toEqual([LEADERSHIP]);
    expect(mail.parsed.text).toContain('Việc: Đơn vị trình dự thảo cho lãnh đạo sở');
    expect(mail.parsed.text).toContain('Hạn: thứ Tư 15/05/2024 — trễ 1 ngày làm việc');
    expect(mail.parsed.text).toContain('Căn cứ: 2 ngày làm việc trước hạn 17/05');
  });

  it('sends nothing when the same slot runs again', async () => {
    const first = await remind('2024-05-02T08:00:00+07:00');
    expect(first.mails).toEqual([]); // sent by the moved-day test above
    const again = await remind('2024-05-02T10:00:00+07:00', { nightly: false });
    expect(again.code).toBe(0);
    expect(again.mails).toEqual([]);
    expect(again.stdout).toContain('không có gì phải nhắc');
    const rows = await query<{ n: string }>(
      db.url,
      `SELECT count(*)::text AS n FROM reminders WHERE obligation_id = 'plan:r-moved' AND stage = 'escalation'`,
    );
    expect(rows[0].n).toBe('1');
  });

  it('a dry run lists what would go out and sends and records nothing; the real run then sends it', async () => {
    await importAsOf(bundle, '2024-05-09T01:30:00+07:00', env);
    const dry = await remind('2024-05-09T08:00:00+07:00', { dryRun: true, nightly: false });
    expect(dry.code).toBe(0);
    expect(dry.mails).toEqual([]);
    expect(dry.stdout).toContain('(chạy thử: không gửi, không ghi nhận): sẽ gửi');
    expect(dry.stdout).toContain(`→ Ngô Minh Châu <${CV1}>`);
    expect(dry.stdout).toContain('Rà soát thủ tục hành chính quý II');
    const recorded = await query(db.url, `SELECT 1 FROM reminders WHERE slot = '2024-05-09T08:00:00+07:00'`);
    expect(recorded).toEqual([]);
    const real = await remind('2024-05-09T08:00:00+07:00', { nightly: false });
    expect(only(real.mails, CV1).parsed.text).toContain('Rà soát thủ tục hành chính quý II');
  });

  it('lists what was sent, to whom and why', async () => {
    const table = await capture((io) => runSent({ date: '2024-05-02' }, io), env);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      'thứ Năm 02/05/2024 08:00 +07:00\tđã gửi\tNgô Minh Châu <chaunm@hanam.gov.vn> (đồng gửi: Vũ Thị Lan <lanvt@hanam.gov.vn>)',
    );
    expect(table.stdout).toContain('[quá hạn] Báo cáo kế hoạch thực hiện (3 ngày)');
    expect(table.stdout).toContain('căn cứ: 3 ngày làm việc sau ngày nhận nhiệm vụ 23/04');
    expect(await capture((io) => runSent({ date: '02/05/2024' }, io), env)).toEqual(table);
    expect(await capture((io) => runSent({ person: 'NOPE' }, io), env)).toEqual({
      code: 2,
      stdout: '',
      stderr: '--person NOPE: không có người này trong dữ liệu đã lưu\n',
    });
    const json = await capture((io) => runSent({ person: 'CV1', format: 'json' }, io), env);
    const { reminders } = JSON.parse(json.stdout) as { reminders: Record<string, unknown>[] };
    expect(reminders.length).toBeGreaterThan(4);
    expect(reminders.every((r) => r.state === 'sent')).toBe(true);
    expect(reminders.find((r) => r.obligationId === 'plan:r-moved')).toMatchObject({
      stage: 'escalation',
      dueDate: '2024-04-26',
      slot: '2024-05-02T08:00:00+07:00',
      to: { personId: 'CV1', address: CV1 },
      cc: [{ personId: 'TP1', name: 'Vũ Thị Lan', address: TP1 }],
      item: 'Báo cáo tổng kết công tác chuyển đổi số',
    });
  });

  it('never puts confidential text in a message, nor records a reminder for a secret task', async () => {
    // The secret task would be due around Fri 8 Mar 2024 if it were not secret.
    for (const slot of ['2024-03-06', '2024-03-07', '2024-03-08', '2024-03-11'])
      await remind(`${slot}T08:00:00+07:00`);
    expect(everything.length).toBeGreaterThan(8);
    for (const mail of everything) {
      for (const text of [
        mail.raw,
        mail.parsed.text ?? '',
        String(mail.parsed.html),
        mail.parsed.subject ?? '',
      ]) {
        expect(text).not.toMatch(SECRET_MARKS);
      }
    }
    const rows = await query(
      db.url,
      `SELECT obligation_id FROM reminders WHERE obligation_id ~ '(tmat|drmat)'`,
    );
    expect(rows).toEqual([]);
  });
});
