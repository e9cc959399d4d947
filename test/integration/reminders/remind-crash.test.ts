/**
 * A worker killed in the middle of a slot (SIGKILL, as the OOM killer or a redeploy would): the
 * reminders it recorded as sent are never sent again; the message in flight when it died goes
 * out again with the same Message-ID; the rest goes out once. Needs the build (`dist/`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runRemind } from '../../../src/cli/remind.command.js';
import { projectRoot } from '../../../src/config/project-root.js';
import { capture } from '../support/cli-io.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';
import { configDir, importAsOf, reminderBundle } from './reminder-fixture.js';
import { TestSmtpServer } from './smtp-test-server.js';

const COMMAND = pathToFileURL(join(projectRoot(), 'dist', 'src', 'cli', 'remind.command.js')).href;
/** Mon 13 May 2024: CV1, TP1, TP2 and GD each have a message. */
const SLOT = '2024-05-13T08:00:00+07:00';

describe('a reminder worker killed mid-send', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    // One message at a time, so "the third message" is well defined.
    const cfg = configDir({ sendConcurrency: 1 });
    env = {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: cfg.configDir,
      DUNGHAN_DATA_DIR: cfg.dataDir,
      DUNGHAN_WORKER_NAME: 'crash-test',
      SMTP_URL: smtp.url('maxConnections=1'),
    };
    await importAsOf(reminderBundle(), '2024-05-13T01:30:00+07:00', env);
  });
  afterAll(async () => {
    await smtp.stop();
    await db.drop();
  });

  it('never re-sends what it recorded; the message in flight is re-sent once, under the same Message-ID', async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { runRemind } = await import(${JSON.stringify(COMMAND)});
         process.exitCode = await runRemind({ asOf: ${JSON.stringify(SLOT)} }, { stdout: process.stdout, stderr: process.stderr, env: process.env });`,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = once(child, 'exit');

    // The server takes the third message whole, then the worker dies before it hears "250".
    let seen = 0;
    smtp.holdWith(async () => {
      if (++seen === 3) {
        child.kill('SIGKILL');
        await exited;
      }
      return 'accept';
    });
    const [code, signal] = (await exited) as [number | null, string | null];
    await smtp.waitFor(3);
    smtp.holdWith(null);
    expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGKILL', stderr: '' });
    expect(smtp.received).toHaveLength(3);
    const beforeKill = smtp.received.map((m) => m.messageId);

    const states = await query<{ message_id: string; state: string }>(
      db.url,
      'SELECT message_id, state FROM reminder_messages WHERE slot = $1',
      [SLOT],
    );
    const recordedSent = states.filter((s) => s.state === 'sent').map((s) => s.message_id);
    expect(recordedSent.sort()).toEqual(beforeKill.slice(0, 2).sort());
    const all = [...new Set(states.map((s) => s.message_id))];
    expect(all.length).toBeGreaterThanOrEqual(4);

    // The next run that day (the scheduler's retry, or an operator).
    const rerun = await capture((io) => runRemind({ asOf: '2024-05-13T08:20:00+07:00' }, io), env);
    expect(rerun.code).toBe(0);
    const after = smtp.received.slice(3).map((m) => m.messageId);
    // Nothing recorded as sent went out again…
    expect(after.filter((id) => recordedSent.includes(id))).toEqual([]);
    // …the one in flight went out again with its Message-ID, and everything else once.
    expect(after.sort()).toEqual(all.filter((id) => !recordedSent.includes(id)).sort());
    expect(after).toContain(beforeKill[2]);
    const distinct = new Set(smtp.received.map((m) => m.messageId));
    expect(distinct.size).toBe(all.length);
    expect(smtp.received.length).toBe(all.length + 1);

    const final = await query<{ state: string; n: string }>(
      db.url,
      'SELECT state, count(*)::text AS n FROM reminder_messages WHERE slot = $1 GROUP BY state',
      [SLOT],
    );
    expect(final.map((r) => r.state)).toEqual(['sent']);

    // And a third run sends nothing.
    const third = await capture((io) => runRemind({ asOf: '2024-05-13T09:00:00+07:00' }, io), env);
    expect(third.stdout).toContain('không có gì phải nhắc');
    expect(smtp.received.length).toBe(all.length + 1);
  });
});
