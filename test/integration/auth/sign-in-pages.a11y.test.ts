/**
 * The sign-in pages in a real headless browser (Debian's Chromium through playwright-core): no
 * serious or critical axe-core violation on any of them, usable at 360 px without sideways
 * scrolling, and the form works from the keyboard alone — tab to the field, type, Enter.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser as Chromium } from 'playwright-core';
import { runImport } from '../../../src/cli/service.commands.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';
import { describeWithBrowser, launchBrowser } from '../../e2e/support/browser.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

describeWithBrowser('sign-in pages in a browser (Chromium, axe-core)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let chromiumBrowser: Chromium;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'sign-in-a11y',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-sign-in-a11y-')),
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
      // A provider is configured (never reached here): the page offers its button too.
      OIDC_ISSUER: 'http://127.0.0.1:9/realms/so',
      OIDC_CLIENT_ID: 'dunghan',
      OIDC_REDIRECT_URI: 'http://127.0.0.1:9/auth/oidc/callback',
    };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env)).code).toBe(
      0,
    );
    api = await bootstrapApi({ env, logger: false });
    chromiumBrowser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await chromiumBrowser?.close();
    await api?.close();
    await db?.drop();
  });

  const PAGES = [
    '/auth/sign-in',
    '/auth/sign-in?lang=en',
    '/auth/sign-in?reason=expired',
    `/auth/link/${'x'.repeat(43)}`,
    '/auth/signed-out',
    // The provider configured here does not answer: the page says so.
    '/auth/oidc/start',
  ];

  it.each(PAGES)(
    '%s: no serious or critical violation, fits 360 px',
    async (path) => {
      const context = await chromiumBrowser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      try {
        await page.goto(api.url + path);
        const result = await new AxeBuilder({ page }).analyze();
        const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        );
        expect(overflow).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    },
    30_000,
  );

  it('says so when the identity provider cannot be reached', async () => {
    const res = await fetch(`${api.url}/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Không kết nối được tới nhà cung cấp định danh. Xin thử lại sau.');
    const form = await (await fetch(`${api.url}/auth/sign-in`)).text();
    expect(form).toContain('href="/auth/oidc/start">Đăng nhập bằng tài khoản của cơ quan</a>');
  });

  it('works from the keyboard: a wrong address is named, then the neutral answer, also checked by axe', async () => {
    const context = await chromiumBrowser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    try {
      await page.goto(`${api.url}/auth/sign-in`);
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string>('document.activeElement?.id')).toBe('email');
      await page.keyboard.type('khong-phai-dia-chi');
      // Enter submits the form: wait for the answer's page, not only for the current one's load.
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.locator('#email-error').textContent()).toContain(
        'Địa chỉ thư điện tử: không đúng dạng',
      );
      expect(await page.locator('#email').getAttribute('aria-invalid')).toBe('true');
      expect(
        (await new AxeBuilder({ page }).analyze()).violations.filter(
          (v) => v.impact === 'serious' || v.impact === 'critical',
        ),
      ).toEqual([]);
      await page.locator('#email').fill('chaunm@hanam.gov.vn');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.locator('h1').textContent()).toBe('Kiểm tra hộp thư');
      expect(
        (await new AxeBuilder({ page }).analyze()).violations.filter(
          (v) => v.impact === 'serious' || v.impact === 'critical',
        ),
      ).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});
