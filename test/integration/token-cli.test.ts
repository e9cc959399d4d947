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
      /^Số\tVai trò\tNgười\tĐơn vị\tTên gợi nhớ\tMở đầu\tTrạng thái\tDùng lần cuối\n1\tunit_head\tTP1\tVP\t.*\tcòn hiệu lực\t—\n$/,
    );
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
    ];
    for (const [options, message] of cases) {
      const out = await capture((io) => runToken(options, io), env);
      expect([out.code, out.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('revokes a token, audited; revoking it again is an error', async () => {
    const revoked = await capture((io) => runToken({ action: 'revoke', id: '1' }, io), env);
    expect([revoked.code, revoked.stdout]).toEqual([0, 'Đã thu hồi mã truy cập 1.\n']);
    const again = await capture((io) => runToken({ action: 'revoke', id: '1', lang: 'en' }, io), env);
    expect([again.code, again.stderr]).toEqual([2, 'No active token 1 (see: dunghan token list)\n']);
    const listed = await capture((io) => runToken({ action: 'list' }, io), env);
    expect(listed.stdout).toMatch(/\tthu hồi \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}(:\d{2})? \+07:00\t—\n$/);
    const audit = await query<{ action: string; target: string }>(
      db.url,
      "SELECT action, target FROM audit_log WHERE action LIKE 'token.%' ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'token.create', target: 'token:1' },
      { action: 'token.revoke', target: 'token:1' },
    ]);
  });
});
