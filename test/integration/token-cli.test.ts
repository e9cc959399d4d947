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
    expect(note).toContain('Chỉ hiện một lần');
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
    expect(listed.stdout).toMatch(/^1\tunit_head\tTP1\tVP\t/);
    expect(listed.stdout).not.toContain(secret);
  });

  it('refuses, naming the option, a staff token without a person, an unknown person or role', async () => {
    const cases: [Parameters<typeof runToken>[0], RegExp][] = [
      [{ action: 'create', role: 'staff' }, /^--person: /],
      [{ action: 'create', role: 'staff', person: 'KHONG-CO' }, /^--person: no person "KHONG-CO"/],
      [{ action: 'create', role: 'unit_head', person: 'CV1' }, /^--person: "CV1" heads no unit/],
      [{ action: 'create', role: 'superuser' }, /^--role: "superuser" is not one of admin, council/],
    ];
    for (const [options, message] of cases) {
      const out = await capture((io) => runToken(options, io), env);
      expect([out.code, out.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('revokes a token, audited; revoking it again is an error', async () => {
    const revoked = await capture((io) => runToken({ action: 'revoke', id: '1' }, io), env);
    expect(revoked.code).toBe(0);
    expect((await capture((io) => runToken({ action: 'revoke', id: '1' }, io), env)).code).toBe(2);
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
