/**
 * A source that sets `taskUrl` in sources.json: the obligation page and the reminder link the task
 * in the office system, by the task's id as the source knows it, beside the page link.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import { defaultConfigDir } from '../../../src/config/project-root.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { DigestService } from '../../../src/modules/digests/digest.service.js';
import { ReminderService } from '../../../src/modules/reminders/reminder.service.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';
import { webBundle } from './web-bundle.js';

const AS_OF = '2024-05-08T17:00:00+07:00';
const OFFICE = 'https://ioffice.hanam.gov.vn/van-ban/';

describe('links to the task in the office system', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let staff: string;
  let reminded: Awaited<ReturnType<ReminderService['run']>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const configDir = mkdtempSync(join(tmpdir(), 'dunghan-office-config-'));
    cpSync(defaultConfigDir(), configDir, { recursive: true });
    // Bundles imported by `dunghan import` are recorded as the source "import".
    writeFileSync(
      join(configDir, 'sources.json'),
      JSON.stringify({
        sources: [
          {
            name: 'import',
            kind: 'bundle-folder',
            enabled: false,
            options: { folder: '${data}/inbox' },
            taskUrl: `${OFFICE}{id}`,
          },
        ],
      }),
    );
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'office-links-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-office-')),
      DUNGHAN_CONFIG_DIR: configDir,
      DUNGHAN_CLOCK: AS_OF,
      PUBLIC_URL: 'https://dunghan.hanam.gov.vn',
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [webBundle()], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    staff = (await createToken(api.app, { role: 'staff', person: 'CV2' })).token;
    reminded = await api.app.get(ReminderService).run(Date.parse('2024-05-07T08:00:00+07:00'));
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('on the obligation page, beside its facts', async () => {
    const res = await fetch(`${api.url}/nghia-vu/plan%3Ae2`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<a href="${OFFICE}e2">Mở nhiệm vụ trên hệ thống quản lý văn bản</a>`);
  });

  it('in the reminder, beside the page link', () => {
    const sent = reminded.messages.filter((m) => m.state === 'sent');
    const mail = sent.find((m) => m.message.text.includes('Nhiệm vụ e2'));
    expect(mail).toBeDefined();
    expect(mail!.message.text).toContain('https://dunghan.hanam.gov.vn/nghia-vu/plan%3Ae2');
    expect(mail!.message.text).toContain(`Mở nhiệm vụ trên hệ thống quản lý văn bản: ${OFFICE}e2`);
  });

  it('in the unit digest, beside the item’s page link', async () => {
    const week = await api.app.get(DigestService).prepare('2024-W18');
    const texts = week.digests.map((d) => d.text).join('\n');
    expect(texts).toContain('https://dunghan.hanam.gov.vn/nghia-vu/');
    expect(texts).toContain(`Mở trên hệ thống quản lý văn bản: ${OFFICE}`);
  });
});
