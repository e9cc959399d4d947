/**
 * Each role's home page, photographed at a desktop (1280 px) and a phone (360 px) width, into
 * docs/screenshots/<role>-<width>.png: the specification's 2024 example (with the Phòng Bưu chính -
 * Viễn thông keeping its weekly schedules) in the embedded database, the clock at 8 May 2024 17:00,
 * one exemption request forwarded so the queues are not empty. Debian's Chromium draws them.
 *
 *   npm run docs:screenshots        (needs /usr/bin/chromium)
 */
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { chromium } from 'playwright-core';
import { runImport } from '../src/cli/service.commands.js';
import { createToken } from '../src/cli/token.command.js';
import { projectRoot } from '../src/config/project-root.js';
import { bootstrapApi } from '../src/main.js';
import { ExemptionRequestService } from '../src/modules/web/exemption-request.service.js';

const AS_OF = '2024-05-08T17:00:00+07:00';
const WIDTHS = [1280, 360];
const out = join(projectRoot(), 'docs', 'screenshots');
const data = mkdtempSync(join(tmpdir(), 'dunghan-screenshots-'));

const bundle = JSON.parse(
  readFileSync(join(projectRoot(), 'test', 'fixtures', 'examples', '2024-basic', 'bundle.json'), 'utf8'),
) as Record<string, Record<string, unknown>[]>;
for (let week = 1; week <= 19; week++)
  bundle.weeklySchedules.push({
    unitId: 'BCVT',
    week: `2024-W${String(week).padStart(2, '0')}`,
    publishedAt: '2024-01-02T09:00:00+07:00',
  });
for (const person of bundle.people) if (person.id === 'CV2') person.email = 'dungtv@hanam.gov.vn';
bundle.mailboxes.push({
  personId: 'CV2',
  address: 'dungtv@hanam.gov.vn',
  lastActiveAt: '2024-05-07T08:00:00+07:00',
});
const bundleFile = join(data, 'bundle.json');
writeFileSync(bundleFile, JSON.stringify(bundle));

const env: NodeJS.ProcessEnv = {
  DUNGHAN_DATA_DIR: data,
  DUNGHAN_CLOCK: AS_OF,
  DUNGHAN_WORKER_NAME: 'screenshots',
  HOST: '127.0.0.1',
  PORT: '0',
};
const sink = new PassThrough().resume();
const code = await runImport(
  { bundle: [bundleFile], asOf: AS_OF },
  { stdout: sink, stderr: process.stderr, env },
);
if (code !== 0) throw new Error(`import failed (${code})`);

const api = await bootstrapApi({ env, logger: false });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const roles = {
    staff: await createToken(api.app, { role: 'staff', person: 'CV2' }),
    unit_head: await createToken(api.app, { role: 'unit_head', person: 'TP2' }),
    leader: await createToken(api.app, { role: 'leader', person: 'GD' }),
    council: await createToken(api.app, { role: 'council', label: 'Hội đồng thi đua' }),
    admin: await createToken(api.app, { role: 'admin', label: 'Quản trị' }),
  };
  const requests = api.app.get(ExemptionRequestService);
  const drafter = {
    tokenId: '0',
    role: 'staff',
    personId: 'CV2',
    unitId: null,
    actor: 'screenshots (CV2)',
    source: null,
  } as const;
  const head = {
    tokenId: '0',
    role: 'unit_head',
    personId: 'TP2',
    unitId: 'BCVT',
    actor: 'screenshots (TP2)',
    source: null,
  } as const;
  const asked = await requests.ask(drafter, {
    obligationId: 'plan:e2',
    reason: 'Nhiệm vụ giao trùng kỳ nghỉ lễ 30/4–1/5',
  });
  await requests.forward(head, asked.id, 'Đề nghị Hội đồng xem xét');
  mkdirSync(out, { recursive: true });
  for (const [role, token] of Object.entries(roles))
    for (const width of WIDTHS) {
      const context = await browser.newContext({
        baseURL: api.url,
        locale: 'vi-VN',
        viewport: { width, height: width > 600 ? 900 : 780 },
        extraHTTPHeaders: { Authorization: `Bearer ${token.token}` },
      });
      const page = await context.newPage();
      await page.goto(role === 'admin' ? '/?nam=2024' : '/');
      const file = join(out, `${role}-${width}.png`);
      await page.screenshot({ path: file, fullPage: false });
      process.stdout.write(`${file}\n`);
      await context.close();
    }
} finally {
  await browser.close();
  await api.close();
}
