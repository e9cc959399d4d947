/**
 * An SMTP server that reads a message whole and drops the connection before answering: the
 * message may have been accepted and be on its way. It is not sent again in the same run (each
 * retry was one more copy in the recipient's inbox: 18 messages became 62); it stays claimed, and
 * the next run sends it once more under the same Message-ID, which mail systems can deduplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runRemind } from '../../../src/cli/remind.command.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { configDir, importAsOf, reminderBundle } from './reminder-fixture.js';
import { TestSmtpServer } from './smtp-test-server.js';

/** Thu 9 May 2024: four messages. */
const SLOT = '2024-05-09T08:00:00+07:00';

describe('a connection lost after the message was sent', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    const cfg = configDir();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: cfg.configDir,
      DUNGHAN_DATA_DIR: cfg.dataDir,
      DUNGHAN_WORKER_NAME: 'ambiguous-test',
      SMTP_URL: smtp.url(),
    };
    await importAsOf(reminderBundle(), '2024-05-09T01:30:00+07:00', env);
  });
  afterAll(async () => {
    await smtp.stop();
    await db.drop();
  });

  const states = () =>
    query<{ message_id: string; state: string }>(
      db.url,
      'SELECT message_id, state FROM reminder_messages WHERE slot = $1 ORDER BY message_id',
      [SLOT],
    );

  it('is not retried in the run; the next run sends it once, under the same Message-ID', async () => {
    smtp.holdWith(async () => 'drop');
    const first = await capture((io) => runRemind({ asOf: SLOT }, io), env);
    expect(first.code).toBe(1);
    // Each message the server read, it read once: no copy made by a retry.
    expect(smtp.dropped.length).toBeGreaterThanOrEqual(1);
    expect(new Set(smtp.dropped).size).toBe(smtp.dropped.length);
    expect(smtp.received).toEqual([]);
    const claimed = await states();
    expect(claimed.length).toBe(4);
    expect(claimed.every((m) => m.state === 'claimed')).toBe(true);

    smtp.holdWith(null);
    const later = await capture((io) => runRemind({ asOf: '2024-05-09T09:15:00+07:00' }, io), env);
    expect(later.code).toBe(0);
    const ids = claimed.map((m) => m.message_id);
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual(ids);
    expect(ids).toEqual(expect.arrayContaining(smtp.dropped));
    expect((await states()).every((m) => m.state === 'sent')).toBe(true);
  });
});
