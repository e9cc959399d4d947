/**
 * A bad SMTP_URL stops the API and the worker at start, as a bad PORT does, naming the variable
 * and the reason in Vietnamese and English — not hours later, when the first reminder or digest
 * job finds it cannot send. The same environment with a good SMTP_URL starts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapApi } from '../../../src/main.js';
import { bootstrapWorker } from '../../../src/worker.js';
import { deleteKeys, itWithRedis, REDIS_URL, uniquePrefix } from '../queue/queue-test.helpers.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const NONSENSE =
  'SMTP_URL: không phải một URL (smtp://user:pass@host:port hoặc smtps://…) / is not a URL (smtp://user:pass@host:port or smtps://…)';

describe('SMTP_URL checked at start', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'boot-config-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-boot-')),
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** What starting says: the error a process would log before exiting, or that it started. */
  async function start(boot: () => Promise<{ close(): Promise<void> }>): Promise<string> {
    try {
      const running = await boot();
      await running.close();
      return 'started';
    } catch (e) {
      return (e as Error).message;
    }
  }

  it('refuses to start the API with SMTP_URL=nonsense, naming it, as it refuses PORT=abc', async () => {
    expect(await start(() => bootstrapApi({ env: { ...env, SMTP_URL: 'nonsense' }, logger: false }))).toBe(
      NONSENSE,
    );
    expect(await start(() => bootstrapApi({ env: { ...env, PORT: 'abc' }, logger: false }))).toBe(
      'PORT: phải là số nguyên từ 0 đến 65535 / must be a whole number from 0 to 65535',
    );
  });

  itWithRedis('refuses to start the worker with SMTP_URL=nonsense', async () => {
    const prefix = uniquePrefix();
    try {
      expect(
        await start(() =>
          bootstrapWorker({
            env: { ...env, REDIS_URL, SMTP_URL: 'nonsense' },
            queuePrefix: prefix,
            logger: false,
          }),
        ),
      ).toBe(NONSENSE);
    } finally {
      await deleteKeys(prefix);
    }
  });

  it('starts with a good SMTP_URL (the server is only reached when mail is sent)', async () => {
    expect(
      await start(() => bootstrapApi({ env: { ...env, SMTP_URL: 'smtp://127.0.0.1:2525' }, logger: false })),
    ).toBe('started');
  });
});
