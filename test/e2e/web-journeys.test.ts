/**
 * Each role's main journey in a real headless browser, against the API process on the real
 * Postgres: the drafter opens an overdue item and asks for an exemption; the unit head opens a
 * number's evidence and forwards the request; the leader approves it and the drafter's page and the
 * unit's score change; the council freezes the phase and downloads the export; the administrator
 * overrides a day and sees the re-evaluation. axe-core audits every page on the way: no serious or
 * critical violation. Each role signs in as people do without an identity provider: through a
 * one-time sign-in link (`dunghan login-link`), which leaves a session cookie in its browser; every
 * form then carries the session's CSRF token.
 */
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runImport } from '../../src/cli/service.commands.js';
import { makeLoginLink, runAccess } from '../../src/cli/access.command.js';
import type { RunningApi } from '../../src/main.js';
import { bootstrapApi } from '../../src/main.js';
import { capture } from '../integration/support/cli-io.js';
import type { TestDatabase } from '../integration/support/test-database.js';
import { createTestDatabase } from '../integration/support/test-database.js';
import { webBundle } from '../integration/web/web-bundle.js';
import { describeWithBrowser, launchBrowser, seriousViolations } from './support/browser.js';

const AS_OF = '2024-05-08T17:00:00+07:00';
const PHASE = '2024-1';

type Who = 'admin' | 'council' | 'leader' | 'head' | 'drafter';

describeWithBrowser('the workspace in a browser: each role’s journey', () => {
  // A browser on a shared two-core machine: a journey may take a minute or more.
  jest.setTimeout(240_000);
  let db: TestDatabase;
  let api: RunningApi;
  let browser: Browser;
  const contexts = {} as Record<Who, BrowserContext>;
  const violations: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'e2e',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-e2e-')),
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [webBundle()], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    // The administrator and the council are granted; the others sign in as their posts make them.
    for (const [person, role] of [
      ['TP1', 'admin'],
      ['CV1', 'council'],
    ] as const) {
      const granted = await capture((io) => runAccess({ action: 'grant', person, role }, io), env);
      expect(granted.code).toBe(0);
    }
    const people: Record<Who, string> = {
      admin: 'TP1',
      council: 'CV1',
      leader: 'GD',
      head: 'TP2',
      drafter: 'CV2',
    };
    browser = await launchBrowser();
    for (const who of Object.keys(people) as Who[]) {
      contexts[who] = await browser.newContext({
        baseURL: api.url,
        acceptDownloads: true,
        // A Vietnamese browser; English is checked through ?lang=en.
        locale: 'vi-VN',
      });
      contexts[who].setDefaultTimeout(10_000);
      const link = await makeLoginLink(api.app, people[who], 'e2e');
      const page = await contexts[who].newPage();
      // The link names PUBLIC_URL's host; the test's API listens on a port of its own.
      await page.goto(new URL(link.url).pathname);
      expect([who, new URL(page.url()).pathname]).toEqual([who, '/']);
      const cookies = await contexts[who].cookies();
      expect(cookies.find((c) => c.name === 'dunghan_session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
      });
      await page.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await db?.drop();
  });

  /** Opens a page in the role's browser and audits it. */
  async function open(who: Who, path: string): Promise<Page> {
    const page = await contexts[who].newPage();
    const response = await page.goto(path);
    expect([path, response?.status()]).toEqual([path, 200]);
    violations.push(...(await seriousViolations(page)));
    return page;
  }

  async function audited(page: Page): Promise<void> {
    violations.push(...(await seriousViolations(page)));
  }

  const scoreOf = async (page: Page) =>
    Number((await page.locator('.tiles dd').first().innerText()).replace(',', '.'));

  let scoreBefore: number;

  it('the drafter opens her overdue item and asks for an exemption', async () => {
    const page = await open('drafter', '/');
    expect(await page.locator('h1').innerText()).toBe('Việc của tôi');
    await page.getByRole('link', { name: 'Nhiệm vụ e2' }).first().click();
    await page.waitForURL(/\/nghia-vu\//);
    await audited(page);
    expect(await page.locator('main').innerText()).toContain('trễ 2 ngày làm việc');
    // An empty reason is refused on the same page, naming the field; the browser's own check is bypassed.
    await page.getByLabel('Lý do').fill('Nhiệm vụ giao trùng kỳ nghỉ lễ 30/4–1/5');
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await page.waitForURL(/ok=asked/);
    expect(await page.locator('[role=status]').innerText()).toContain('Đã gửi yêu cầu miễn trừ');
    await audited(page);
    await page.close();
  });

  it('the unit head opens a number’s evidence, the obligation, and forwards the request', async () => {
    const page = await open('head', '/');
    scoreBefore = await scoreOf(page);
    await page.locator('a[aria-label^="Quá hạn:"]').first().click();
    await page.waitForURL(/bang-chung/);
    await audited(page);
    await page.getByRole('link', { name: 'Nhiệm vụ e2' }).click();
    await page.waitForURL(/\/nghia-vu\//);
    await audited(page);
    expect(await page.locator('main').innerText()).toContain('Nhiệm vụ giao trùng kỳ nghỉ lễ');
    await page.getByLabel('Ghi chú (không bắt buộc)').fill('Đề nghị xem xét');
    await page.getByRole('button', { name: 'Chuyển lên' }).click();
    await page.waitForURL(/ok=forwarded/);
    await audited(page);
    await page.close();
  });

  it('the leader approves it; the drafter’s page and the unit’s score change', async () => {
    const home = await open('leader', '/');
    expect(await home.locator('main').innerText()).toContain('Xếp hạng các đơn vị');
    await home.close();
    const page = await open('leader', '/yeu-cau-mien-tru');
    await page.getByLabel('Lý do quyết định').fill('Đồng ý: giao việc trong kỳ nghỉ');
    await page.getByRole('button', { name: 'Chấp thuận' }).click();
    await page.waitForURL(/ok=approved/);
    await audited(page);
    const unit = await open('leader', '/don-vi/BCVT');
    expect(await scoreOf(unit)).toBeGreaterThan(scoreBefore);
    const drafter = await open('drafter', '/');
    const text = await drafter.locator('main').innerText();
    expect(text).toContain('Đã chấp thuận');
    expect(text).not.toContain('trễ 2 ngày làm việc');
    for (const p of [page, unit, drafter]) await p.close();
  });

  it('the council freezes the phase and downloads the export', async () => {
    const page = await open('council', '/');
    await page
      .locator('section[aria-labelledby=freeze]')
      .getByLabel('Đợt', { exact: true })
      .selectOption(PHASE);
    await page.getByRole('button', { name: 'Chốt đợt' }).click();
    await page.waitForURL(/ok=frozen/);
    expect(await page.locator('[role=status]').innerText()).toContain('Đã chốt phiên bản 1');
    await audited(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `Tải bản xuất (XLSX) — ${PHASE} v1` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`danh-gia-${PHASE}-v1.xlsx`);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 2).toString()).toBe('PK');
    await page.close();
  });

  it('the administrator previews a day override, applies it and sees the re-evaluation', async () => {
    const page = await open('admin', '/?nam=2024');
    await page.getByLabel('Ngày', { exact: true }).fill('2024-05-07');
    await page.getByLabel('Loại').selectOption('off');
    await page.getByLabel('Tên ngày').fill('Nghỉ đột xuất');
    // First the preview: what the change would move, nothing written yet; then apply it.
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.waitForURL(/\/quan-tri\/lich\/xem-truoc/);
    await audited(page);
    expect(await page.locator('h1').innerText()).toContain('Xem trước: 2024-05-07');
    expect(await page.locator('main').innerText()).toMatch(/\d+ trên \d+ nghĩa vụ/);
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.waitForURL(/ok=overridden/);
    await audited(page);
    // The re-evaluation runs in the background: the page lists it once it has finished.
    let text = '';
    for (let i = 0; i < 40; i++) {
      await page.reload();
      text = await page.locator('#evaluations + .scroll').innerText();
      if (/calendar:2024-05-07[^\n]*\d{2}:\d{2}/.test(text)) break;
      await page.waitForTimeout(250);
    }
    expect(text).toMatch(/calendar:2024-05-07/);
    expect(await page.locator('main').innerText()).toContain('Nghỉ đột xuất');
    await page.close();
  });

  it('the administrator previews new campaign weights, and makes a sign-in link shown once', async () => {
    const page = await open('admin', '/quan-tri/phong-trao');
    const form = page.locator('form[action="/quan-tri/phong-trao/2024/xem-truoc"]');
    await form.getByLabel('Trọng số: Báo cáo kế hoạch thực hiện (3 ngày)').fill('25');
    await form.getByLabel('Trọng số: Số lần góp ý dự thảo').fill('0');
    await form.getByRole('button', { name: 'Xem trước' }).click();
    await page.waitForURL(/\/quan-tri\/phong-trao\/2024\/xem-truoc/);
    await audited(page);
    expect(await page.locator('main').innerText()).toContain('Điểm và thứ hạng của các đơn vị');
    await page.getByRole('link', { name: 'Quay lại, không áp dụng' }).click();
    await page.waitForURL(/\/quan-tri\/phong-trao$/);
    // Not applied: the form still shows the campaign's own weight.
    expect(await form.getByLabel('Trọng số: Số lần góp ý dự thảo').inputValue()).toBe('15');

    await page.goto('/quan-tri/truy-cap');
    await audited(page);
    await page.getByRole('button', { name: /Tạo liên kết đăng nhập cho .*\(CV2\)/ }).click();
    await page.waitForURL(/\/quan-tri\/truy-cap\/lien-ket/);
    await audited(page);
    expect(await page.locator('code').innerText()).toMatch(/^https?:\/\//);
    await page.close();
  });

  it('finds no serious or critical accessibility violation on any page, in either language', async () => {
    for (const [who, path] of [
      ['drafter', '/?lang=en'],
      ['head', '/yeu-cau-mien-tru'],
      ['leader', '/cac-don-vi?lang=en'],
      ['admin', '/cac-don-vi'],
      ['admin', '/quan-tri/phong-trao'],
      ['admin', '/quan-tri/truy-cap?lang=en'],
      ['council', `/hoi-dong/so-sanh/${PHASE}?tu=1&den=1`],
      ['council', '/hoi-dong?lang=en'],
    ] as const)
      await (await open(who, path)).close();
    expect(violations).toEqual([]);
  });
});
