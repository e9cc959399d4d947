/**
 * Signing in with the agency's OpenID Connect provider, against a real provider the test starts
 * (`oidc-provider`, its own login and consent pages), driven over plain HTTP with a cookie jar as a
 * browser would: the happy path (PKCE, state, nonce) ending in a session with the person's role;
 * an ID token minted for another client (wrong audience), an ID token past its expiry, a provider
 * account that maps to nobody — each refused and told why, with no session; and signing out here
 * and at the provider.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { runImport } from '../../../src/cli/service.commands.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';
import { Browser, formOf } from './browser.js';
import { TestOidcProvider } from './oidc-test-provider.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Nest's log lines, to see which check refused a provider's answer. */
class CapturedLog implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown) {
    this.lines.push(String(message));
  }
  error(message: unknown) {
    this.lines.push(String(message));
  }
  warn(message: unknown) {
    this.lines.push(String(message));
  }
}

describe('sign-in with an OpenID Connect provider (real oidc-provider, real Postgres)', () => {
  let db: TestDatabase;
  let provider: TestOidcProvider;
  let api: RunningApi;
  let env: NodeJS.ProcessEnv;
  let appUrl: string;
  let log: CapturedLog;

  const start = async (extra: NodeJS.ProcessEnv = {}) => {
    await api?.close();
    log = new CapturedLog();
    api = await bootstrapApi({ env: { ...env, ...extra }, logger: log });
  };

  /**
   * Starts at the app, logs in at the provider as `account` (and consents) when it asks, and
   * stops at the first redirect back to the app's callback, which it returns unopened.
   */
  async function toCallback(
    browser: Browser,
    account: string,
    startPath = '/auth/oidc/start',
  ): Promise<string> {
    return (await signInAt(browser, account, startPath)).callback;
  }

  async function signInAt(
    browser: Browser,
    account: string,
    startPath = '/auth/oidc/start',
  ): Promise<{ callback: string; nonce: string }> {
    let res = await browser.request(appUrl + startPath);
    expect(res.status).toBe(303);
    let location = new URL(res.headers.get('location')!, appUrl).href;
    const nonce = new URL(location).searchParams.get('nonce')!;
    for (let i = 0; i < 20; i++) {
      if (location.startsWith(`${appUrl}/auth/oidc/callback`)) return { callback: location, nonce };
      res = await browser.request(location, { headers: { accept: 'text/html' } });
      if (res.status >= 300 && res.status < 400) {
        location = new URL(res.headers.get('location')!, location).href;
        continue;
      }
      const html = await res.text();
      expect(res.status).toBe(200);
      const form = formOf(html, location);
      if (form.fields.prompt === 'login') {
        form.fields.login = account;
        form.fields.password = 'any';
      }
      res = await browser.post(form.action, form.fields);
      expect(res.status).toBeGreaterThanOrEqual(300);
      location = new URL(res.headers.get('location')!, form.action).href;
    }
    throw new Error('the provider never sent the browser back');
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    provider = await new TestOidcProvider(
      {
        // The unit head TP1 of the example agency, by her official address.
        'lan.vt': { email: 'lanvt@hanam.gov.vn', email_verified: true, name: 'Vũ Thị Lan' },
        // Someone the provider knows and Đúng hạn does not.
        stranger: { email: 'nguoila@hanam.gov.vn', email_verified: true, name: 'Người lạ' },
      },
      [
        {
          client_id: 'dunghan',
          client_secret: 'dunghan-secret-for-tests',
          redirect_uris: [`${appUrl}/auth/oidc/callback`],
          post_logout_redirect_uris: [`${appUrl}/auth/signed-out`],
        },
        {
          client_id: 'another-app',
          client_secret: 'another-secret-for-tests',
          redirect_uris: ['http://127.0.0.1:9/another-app/callback'],
        },
      ],
    ).start();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'oidc-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-oidc-')),
      HOST: '127.0.0.1',
      PORT: String(port),
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'dunghan',
      OIDC_CLIENT_SECRET: 'dunghan-secret-for-tests',
      OIDC_REDIRECT_URI: `${appUrl}/auth/oidc/callback`,
    };
    const imported = await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    await start();
  });

  afterAll(async () => {
    await api?.close();
    await provider?.stop();
    await db?.drop();
  });

  const sessions = async () =>
    (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM sessions'))[0].n;

  it('signs a person in through the provider with PKCE, state and nonce, with her post’s role', async () => {
    const browser = new Browser();
    const first = await browser.request(`${appUrl}/auth/oidc/start?next=/don-vi/VP`);
    const authorize = new URL(first.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${provider.issuer}/auth`);
    expect(authorize.searchParams.get('client_id')).toBe('dunghan');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).not.toBeNull();
    expect(authorize.searchParams.get('nonce')).not.toBeNull();
    const pending = first.headers.getSetCookie().find((c) => c.startsWith('dunghan_oidc='))!;
    expect(pending).toMatch(/; Path=\/auth\/oidc; Max-Age=600; HttpOnly; SameSite=Lax/);

    const callback = await toCallback(browser, 'lan.vt', '/auth/oidc/start?next=/don-vi/VP');
    const done = await browser.request(callback);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/don-vi/VP');
    const cookie = done.headers.getSetCookie().find((c) => c.startsWith('dunghan_session='))!;
    expect(cookie).toMatch(/; HttpOnly; SameSite=Lax/);
    const me = (await (await browser.request(`${appUrl}/auth/me`)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ role: 'unit_head', personId: 'TP1', unitId: 'VP' });
    expect(me.actor).toMatch(/^session:\d+ \(unit_head, TP1\) Vũ Thị Lan$/);

    // The provider's answer is good once: replayed, it is refused (its state went with the cookie).
    const replay = await browser.request(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('Không hoàn tất được việc đăng nhập');
  });

  it('refuses an ID token minted for another client (wrong audience): no session', async () => {
    const browser = new Browser();
    const { callback, nonce } = await signInAt(browser, 'lan.vt');
    // Another application of the same provider gets an ID token for the same person — with the
    // nonce copied, as an attacker replaying it into our callback would.
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${provider.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'another-app',
      redirect_uri: 'http://127.0.0.1:9/another-app/callback',
      response_type: 'code',
      scope: 'openid email',
      nonce,
      state: 'another',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    let location = authorize.href;
    for (let i = 0; i < 10 && !location.startsWith('http://127.0.0.1:9/'); i++) {
      const res = await browser.request(location, { headers: { accept: 'text/html' } });
      if (res.status >= 300 && res.status < 400) {
        location = new URL(res.headers.get('location')!, location).href;
        continue;
      }
      const form = formOf(await res.text(), location);
      const posted = await browser.post(form.action, form.fields);
      location = new URL(posted.headers.get('location')!, form.action).href;
    }
    const code = new URL(location).searchParams.get('code')!;
    const token = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('another-app:another-secret-for-tests').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1:9/another-app/callback',
        code_verifier: verifier,
      }).toString(),
    });
    const foreign = ((await token.json()) as { id_token: string }).id_token;
    expect(JSON.parse(Buffer.from(foreign.split('.')[1], 'base64url').toString()).aud).toBe('another-app');

    // Our callback's code is exchanged; the provider answers with the other client's ID token.
    const before = await sessions();
    provider.swapIdToken = foreign;
    const refused = await browser.request(callback);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('không dành cho ứng dụng này');
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('dunghan_session='))).toBe(false);
    expect(await sessions()).toBe(before);
    expect(log.lines.join('\n')).toMatch(/provider sign-in refused: .*\(claim aud\)/);
  });

  it('refuses an ID token past its expiry (the app’s clock two hours on): no session', async () => {
    await start({ DUNGHAN_CLOCK: new Date(Date.now() + 2 * 3_600_000).toISOString() });
    try {
      const browser = new Browser();
      const before = await sessions();
      const refused = await browser.request(await toCallback(browser, 'lan.vt'));
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('đã hết hạn');
      expect(await sessions()).toBe(before);
      expect(log.lines.join('\n')).toMatch(/provider sign-in refused: .*\(claim exp\)/);
    } finally {
      await start();
    }
  });

  it('refuses a provider account that maps to nobody, and says why in Vietnamese', async () => {
    const browser = new Browser();
    const before = await sessions();
    const refused = await browser.request(await toCallback(browser, 'stranger'));
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain(
      'Tài khoản nhà cung cấp định danh (email: nguoila@hanam.gov.vn) không khớp với cán bộ nào trong Đúng hạn.',
    );
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('dunghan_session='))).toBe(false);
    expect(await sessions()).toBe(before);
  });

  it('signs out here and at the provider: the next sign-in asks for the password again', async () => {
    const browser = new Browser();
    await browser.request(await toCallback(browser, 'lan.vt'));
    // While signed in at the provider, a new start comes straight back: no login page on the way.
    const straight = await browser.request(`${appUrl}/auth/oidc/start`);
    const chain = await browser.follow(straight.headers.get('location')!);
    expect(chain.hops.some((h) => h.url.startsWith(`${appUrl}/auth/oidc/callback`))).toBe(true);
    expect(chain.hops.some((h) => h.status === 200 && h.url.includes('/interaction/'))).toBe(false);
    const { csrfToken } = (await (await browser.request(`${appUrl}/auth/me`)).json()) as {
      csrfToken: string;
    };

    const out = await browser.post(`${appUrl}/auth/logout`, { _csrf: csrfToken });
    expect(out.status).toBe(303);
    const end = new URL(out.headers.get('location')!);
    expect(end.origin).toBe(provider.issuer);
    expect(end.searchParams.get('id_token_hint')).not.toBeNull();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${appUrl}/auth/signed-out`);
    expect((await browser.request(`${appUrl}/auth/me`)).status).toBe(401);

    // The provider asks to confirm, then sends her back to our "signed out" page.
    const confirm = await browser.request(end.href, { headers: { accept: 'text/html' } });
    const form = formOf(await confirm.text(), end.href);
    const back = await browser.follow(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.fields, logout: 'yes' }).toString(),
    });
    expect(back.url).toBe(`${appUrl}/auth/signed-out`);
    expect(await back.res.text()).toContain('Anh/chị đã đăng xuất khỏi Đúng hạn.');

    // Signed out at the provider too: starting again lands on its login page.
    const again = await browser.request(`${appUrl}/auth/oidc/start`);
    const page = await browser.follow(again.headers.get('location')!);
    expect(page.res.status).toBe(200);
    expect(formOf(await page.res.text(), page.url).fields.prompt).toBe('login');
  });
});
