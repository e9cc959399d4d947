/** `dunghan token`: the administrator gives access; the secret is printed once and stored hashed. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runImport } from '../../src/cli/service.commands.js';
import { runToken } from '../../src/cli/token.command.js';
import { hashToken } from '../../src/infra/store/token-store.js';
import { EXAMPLE_BUNDLE } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import type { TestDatabase } from './support/test-database.js';
import { createTestDatabase, query } from './support/test-database.js';

describe('dunghan token', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'token-test' };
    const imported = await capture(
      (io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: '2024-05-08T17:00:00+07:00' }, io),
      env,
    );
    expect(imported.code).toBe(0);
  });
  afterAll(() => db.drop());

  it('prints a new token once, keeps only its hash, and ties a unit head to the unit she heads', async () => {
    const made = await capture(
      (io) => runToken({ action: 'create', role: 'unit_head', person: 'TP1' }, io),
      env,
    );
    expect(made.code).toBe(0);
    const [secret, note] = made.stdout.split('\n');
    expect(secret).toMatch(/^dh_[A-Za-z0-9_-]{43}$/);
    expect(note).toBe(
      '# Mã truy cập 1 (unit_head, TP1, đơn vị VP). Chỉ hiện một lần: hãy lưu lại ngay. Dùng: Authorization: Bearer <mã>',
    );
    // 90 days unless told otherwise.
    expect(made.stdout.split('\n')[2]).toMatch(/^# Hết hạn: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const rows = await query<{ token_hash: string; role: string; person_id: string; unit_id: string }>(
      db.url,
      'SELECT token_hash, role, person_id, unit_id FROM api_tokens',
    );
    expect(rows).toEqual([
      { token_hash: hashToken(secret), role: 'unit_head', person_id: 'TP1', unit_id: 'VP' },
    ]);
    const everything = JSON.stringify(await query(db.url, 'SELECT * FROM api_tokens'));
    expect(everything).not.toContain(secret.slice(3));

    const listed = await capture((io) => runToken({ action: 'list' }, io), env);
    expect(listed.stdout).toMatch(
      /^Số\tVai trò\tNgười\tĐơn vị\tNguồn\tTên gợi nhớ\tMở đầu\tTrạng thái\tHết hạn\tDùng lần cuối\n1\tunit_head\tTP1\tVP\t—\t.*\tcòn hiệu lực\t\d{2}\/\d{2}\/\d{4} [^\t]*\t—\n$/,
    );
    const [{ days }] = await query<{ days: number }>(
      db.url,
      'SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM api_tokens',
    );
    expect(days).toBe(90);
    expect(listed.stdout).not.toContain(secret);
  });

  it('refuses, naming the option, a staff token without a person, an unknown person or role', async () => {
    const cases: [Parameters<typeof runToken>[0], RegExp][] = [
      [{ action: 'create', role: 'staff' }, /^--person: mã staff dùng cho đúng một người/],
      [
        { action: 'create', role: 'staff', person: 'KHONG-CO' },
        /^--person: không có người "KHONG-CO" trong dữ liệu đã lưu/,
      ],
      [{ action: 'create', role: 'unit_head', person: 'CV1' }, /^--person: "CV1" không phụ trách đơn vị nào/],
      [{ action: 'create', role: 'superuser' }, /^--role: "superuser" không phải một trong admin, council/],
      [{ action: 'create', role: 'staff', lang: 'en' }, /^--person: a staff token speaks for one person/],
      [
        { action: 'create', role: 'staff', person: 'KHONG-CO', lang: 'en' },
        /^--person: no person "KHONG-CO" is stored/,
      ],
      [
        { action: 'create', role: 'superuser', lang: 'en' },
        /^--role: "superuser" is not one of admin, council/,
      ],
      [
        { action: 'create', role: 'admin', expiresIn: '0' },
        /^--expires-in 0: phải là số ngày nguyên từ 1 đến 3650/,
      ],
      [{ action: 'create', role: 'admin', expiresIn: 'ba' }, /^--expires-in ba: phải là số ngày nguyên/],
      [
        { action: 'create', role: 'admin', expires: '2020-01-01' },
        /^--expires 2020-01-01: phải là một ngày sau hôm nay/,
      ],
      [
        { action: 'create', role: 'admin', expires: '2030-02-30' },
        /^--expires 2030-02-30: phải là một ngày sau hôm nay/,
      ],
      [
        { action: 'create', role: 'admin', expires: '2099-01-01', expiresIn: '5' },
        /^--expires-in và --expires: chỉ dùng một trong hai/,
      ],
      [
        { action: 'create', role: 'admin', source: 'bundle-inbox' },
        /^--source: chỉ mã tích hợp \(integration\)/,
      ],
      [{ action: 'create', role: 'integration', source: 'khong-co' }, /^--source: không có nguồn "khong-co"/],
      [
        { action: 'create', role: 'integration', person: 'CV1' },
        /^--person: mã tích hợp \(integration\) là của một hệ thống/,
      ],
    ];
    for (const [options, message] of cases) {
      const out = await capture((io) => runToken(options, io), env);
      expect([out.code, out.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('makes an integration token for one source with the expiry asked for, and lists it', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const made = await capture(
      (io) =>
        runToken(
          { action: 'create', role: 'integration', source: 'bundle-inbox', expires: `${year}-12-31` },
          io,
        ),
      env,
    );
    expect([made.code, made.stderr]).toEqual([0, '']);
    expect(made.stdout.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^# Mã truy cập 2 \(integration, nguồn bundle-inbox\)\./),
      // It works through the day it names, Vietnam time.
      `# Hết hạn: 01/01/${year + 1} 00:00 +07:00`,
      '',
    ]);
    const inDays = await capture(
      (io) => runToken({ action: 'create', role: 'admin', expiresIn: '7', lang: 'en' }, io),
      env,
    );
    expect(inDays.code).toBe(0);
    const rows = await query<{ id: string; source: string | null; expires_at: Date; created_at: Date }>(
      db.url,
      'SELECT id, source, expires_at, created_at FROM api_tokens WHERE id IN (2, 3) ORDER BY id',
    );
    expect(rows[0]).toMatchObject({
      source: 'bundle-inbox',
      expires_at: new Date(`${year}-12-31T17:00:00Z`),
    });
    expect(rows[1].expires_at.getTime() - rows[1].created_at.getTime()).toBe(7 * 86_400_000);

    // An expired token is listed as such.
    await query(db.url, "UPDATE api_tokens SET expires_at = '2024-01-01T00:00:00Z' WHERE id = 3");
    const listed = await capture((io) => runToken({ action: 'list', lang: 'en' }, io), env);
    expect(listed.stdout).toMatch(
      /\n2\tintegration\t—\t—\tbundle-inbox\tbundle-inbox\t.*\tactive\t01\/01\/\d{4} 00:00 \+07:00\t—\n/,
    );
    expect(listed.stdout).toMatch(
      /\n3\tadmin\t.*\texpired 01\/01\/2024 07:00 \+07:00\t01\/01\/2024 07:00 \+07:00\t—\n/,
    );
  });

  it('revokes a token, audited; revoking it again is an error', async () => {
    const revoked = await capture((io) => runToken({ action: 'revoke', id: '1' }, io), env);
    expect([revoked.code, revoked.stdout]).toEqual([0, 'Đã thu hồi mã truy cập 1.\n']);
    const again = await capture((io) => runToken({ action: 'revoke', id: '1', lang: 'en' }, io), env);
    expect([again.code, again.stderr]).toEqual([2, 'No active token 1 (see: dunghan token list)\n']);
    const listed = await capture((io) => runToken({ action: 'list' }, io), env);
    expect(listed.stdout).toMatch(
      /\n1\tunit_head\t.*\tthu hồi \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}(:\d{2})? \+07:00\t[^\t]+\t—\n/,
    );
    const audit = await query<{ action: string; target: string }>(
      db.url,
      "SELECT action, target FROM audit_log WHERE action LIKE 'token.%' ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'token.create', target: 'token:1' },
      { action: 'token.create', target: 'token:2' },
      { action: 'token.create', target: 'token:3' },
      { action: 'token.revoke', target: 'token:1' },
    ]);
  });
});
