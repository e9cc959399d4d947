/**
 * The worker's recurring mail jobs, through the same Nest wiring as production: at the digest slot
 * (07:30 on the first working day of a week) the job sends last week's digests — into the file
 * outbox, since no SMTP_URL is set — and a second firing sends nothing new.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDigest } from '../../src/cli/digest.command.js';
import { runImport } from '../../src/cli/service.commands.js';
import { DigestJobs } from '../../src/modules/digests/digest.jobs.js';
import type { RunningWorker } from '../../src/worker.js';
import { bootstrapWorker } from '../../src/worker.js';
import { EXAMPLE_BUNDLE } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from './queue/queue-test.helpers.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

describeWithRedis('the worker’s mail jobs', () => {
  const prefix = uniquePrefix();
  let db: TestDatabase;
  let fixture: FolderSource;
  let worker: RunningWorker;
  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource('office');
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      // Monday 13 May 2024, 07:35: the slot of week 2024-W19's digest.
      DUNGHAN_CLOCK: '2024-05-13T07:35:00+07:00',
    };
    expect(
      (
        await capture(
          (io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: '2024-05-13T07:35:00+07:00' }, io),
          env,
        )
      ).code,
    ).toBe(0);
    worker = await bootstrapWorker({ env, queuePrefix: prefix, logger: false });
  });
  afterAll(async () => {
    await worker.close();
    await deleteKeys(prefix);
    await db.drop();
  });

  it('sends last week’s digests at the slot, once', async () => {
    const jobs = worker.app.get(DigestJobs);
    expect(await jobs.sendDigests()).toBe('done');
    const outbox = join(fixture.root, 'outbox');
    expect(existsSync(outbox)).toBe(true);
    const sent = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(sent.length).toBeGreaterThanOrEqual(2); // the unit heads and leadership
    expect(await jobs.sendDigests()).toBe('done');
    expect(readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toEqual(sent);
  });

  it('re-sends a stored digest on request, unchanged, under a new Message-ID', async () => {
    const env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
    };
    const [stored] = await query<{ id: string }>(db.url, 'SELECT id FROM digests ORDER BY id LIMIT 1');
    const outbox = join(fixture.root, 'outbox');
    const before = readdirSync(outbox).length;
    const resent = await capture((io) => runDigest({ resend: stored.id, lang: 'en' }, io), env);
    expect(resent.code).toBe(0);
    expect(resent.stdout).toMatch(new RegExp(`^Re-sent digest ${stored.id} \\(.+, week 2024-W19\\) to .+@`));
    expect(readdirSync(outbox).length).toBe(before + 1);
    const missing = await capture((io) => runDigest({ resend: '999999' }, io), env);
    expect(missing).toMatchObject({ code: 2, stderr: 'Không có bản tổng hợp số 999999\n' });
  });
});
