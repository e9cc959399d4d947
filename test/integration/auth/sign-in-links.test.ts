/**
 * Signing in to the web pages by link and keeping a session, as people meet it over HTTP against
 * the real Postgres and a real SMTP server: the sign-in form, the neutral answer (no mail for an
 * unknown or non-official address), the mailed link used once, the cookie's flags, a session's
 * principal equal to the same person's bearer token, CSRF refusing a change that then changes
 * nothing, the idle timeout and absolute end as the app's clock moves, and signing out.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAccess, runLoginLink } from '../../../src/cli/access.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import type { AccessRole } from '../../../src/modules/access/roles.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { TestSmtpServer } from '../reminders/smtp-test-server.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';
import { Browser } from './browser.js';

const AS_OF = '2024-05-08T17:00:00+07:00';
const T0 = Date.parse(AS_OF);
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe('sign-in links and sessions (real Postgres, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let api: RunningApi;
  let env: NodeJS.ProcessEnv;

  /** The app's clock now (DUNGHAN_CLOCK of the running API and of the CLI). */
  let clock = AS_OF;
  const start = async (now: string, extra: NodeJS.ProcessEnv = {}) => {
    clock = now;
    await api?.close();
    api = await bootstrapApi({ env: { ...env, DUNGHAN_CLOCK: now, ...extra }, logger: false });
    return api;
  };

  /** A link printed by `dunghan login-link`, its path taken off the printed public address. */
  async function printedLink(person: string): Promise<string> {
    const printed = await capture((io) => runLoginLink({ person }, io), { ...env, DUNGHAN_CLOCK: clock });
    expect(printed.code).toBe(0);
    const url = printed.stdout.trim().split('\n').at(-1)!;
    return api.url + new URL(url).pathname;
  }

  async function signedIn(person: string): Promise<Browser> {
    const browser = new Browser();
    const res = await browser.request(await printedLink(person));
    expect(res.status).toBe(303);
    expect(browser.cookie(api.url, 'dunghan_session')).not.toBeNull();
    return browser;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await new TestSmtpServer().start();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'sign-in-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-sign-in-')),
      HOST: '127.0.0.1',
      // One port across restarts: the browser's cookie belongs to the host and port.
      PORT: String(await freePort()),
      SMTP_URL: smtp.url(),
      PUBLIC_URL: 'https://dunghan.hanam.gov.vn',
      TRUST_PROXY: 'loopback',
    };
    const imported = await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), {
      ...env,
      DUNGHAN_CLOCK: AS_OF,
    });
    expect(imported.code).toBe(0);
    await start(AS_OF);
  });

  afterAll(async () => {
    await api?.close();
    await smtp?.stop();
    await db?.drop();
  });

  it('shows a small Vietnamese sign-in form with a labelled e-mail field', async () => {
    const res = await fetch(`${api.url}/auth/sign-in`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<label for="email">Địa chỉ thư điện tử công vụ</label>');
    expect(html).toContain('id="email" name="email" type="email"');
    expect(html).toContain('method="post" action="/auth/sign-in"');
    // The page's own policy lets its form post here (the API's policy forbids every form).
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    const en = await (await fetch(`${api.url}/auth/sign-in?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Official e-mail address');
  });

  it('names the field when the address is missing or malformed, in Vietnamese', async () => {
    const browser = new Browser();
    const empty = await browser.post(`${api.url}/auth/sign-in`, { email: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Địa chỉ thư điện tử: chưa nhập.');
    const wrong = await browser.post(`${api.url}/auth/sign-in`, { email: 'khong-phai-dia-chi' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Địa chỉ thư điện tử: không đúng dạng');
  });

  it('mails a link only to a person’s official address; everyone else gets the same answer and no mail', async () => {
    smtp.clear();
    const browser = new Browser();
    const answers: string[] = [];
    for (const email of [
      'nobody@hanam.gov.vn', // unknown on the official domain
      'dungtv.bcvt@gmail.com', // a real person's address, not official
      'NAMHV@hanam.gov.vn', // the leader's official address, typed in capitals
    ]) {
      const res = await browser.post(`${api.url}/auth/sign-in`, { email });
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    expect(answers[0]).toContain('Kiểm tra hộp thư');
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
    await smtp.waitFor(1);
    // Give a stray second mail the time to arrive, then make sure there was none.
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.rcpt).toEqual(['namhv@hanam.gov.vn']);
    expect(mail.parsed.subject).toBe('Liên kết đăng nhập Đúng hạn / Your Đúng hạn sign-in link');
    const text = mail.parsed.text ?? '';
    expect(text.indexOf('Để đăng nhập')).toBeLessThan(text.indexOf('To sign in'));
    expect(text).toContain('dùng được một lần, trong 15 phút');
    const link = /https:\/\/dunghan\.hanam\.gov\.vn(\/auth\/link\/[A-Za-z0-9_-]{43})/.exec(text);
    expect(link).not.toBeNull();

    // The mailed link signs the leader in.
    const signed = await browser.request(api.url + link![1]);
    expect(signed.status).toBe(303);
    expect(signed.headers.get('location')).toBe('/');
    const me = await browser.request(`${api.url}/auth/me`);
    expect(await me.json()).toMatchObject({ role: 'leader', personId: 'GD', unitId: null });
    // The database keeps a hash, never the link.
    const stored = await query<{ token_hash: string }>(db.url, 'SELECT token_hash FROM sign_in_links');
    expect(stored.map((r) => r.token_hash).join()).not.toContain(link![1].split('/').at(-1));
  });

  it('prints a link for a person in Vietnamese first, and refuses an unknown person by name', async () => {
    const printed = await capture((io) => runLoginLink({ person: 'TP1' }, io), {
      ...env,
      DUNGHAN_CLOCK: AS_OF,
    });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(
      /^Liên kết đăng nhập cho Vũ Thị Lan \(TP1\), vai trò trưởng đơn vị \[unit_head\] \(đơn vị VP\); dùng được một lần, đến 17:15 /,
    );
    expect(printed.stdout.trim().split('\n').at(-1)).toMatch(
      /^https:\/\/dunghan\.hanam\.gov\.vn\/auth\/link\//,
    );
    const unknown = await capture((io) => runLoginLink({ person: 'KHONG-CO' }, io), env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--person KHONG-CO: không có cán bộ nào có mã này');
  });

  it('sets an httpOnly, SameSite=Lax cookie, Secure once the request came over HTTPS', async () => {
    const plain = await new Browser().request(await printedLink('CV1'));
    const cookie = plain.headers.getSetCookie().find((c) => c.startsWith('dunghan_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/); // the absolute end: 12 hours
    expect(cookie).not.toMatch(/Secure/);
    // Behind the agency's TLS proxy (TRUST_PROXY=loopback believes its X-Forwarded-Proto).
    const proxied = await new Browser().request(await printedLink('CV1'), {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(proxied.headers.getSetCookie().find((c) => c.startsWith('dunghan_session='))).toMatch(/; Secure/);
  });

  it('signs in once per link: the second use is refused and told why, in Vietnamese', async () => {
    const link = await printedLink('CV1');
    expect((await new Browser().request(link)).status).toBe(303);
    const again = await new Browser().request(link);
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    const html = await again.text();
    expect(html).toContain('Liên kết này đã được dùng lúc 17:00');
    expect(html).toContain('Mỗi liên kết chỉ đăng nhập được một lần.');
    const bogus = await new Browser().request(`${api.url}/auth/link/${'x'.repeat(43)}`);
    expect(bogus.status).toBe(404);
    expect(await bogus.text()).toContain('Liên kết không đúng hoặc không còn');
  });

  it('gives a session the same principal and the same data as the person’s bearer token', async () => {
    await capture((io) => runAccess({ action: 'grant', person: 'TP2', role: 'admin' }, io), env);
    const granted = await capture(
      (io) => runAccess({ action: 'grant', person: 'CV2', role: 'council' }, io),
      env,
    );
    expect(granted.stdout).toContain('Đã cấp vai trò council cho Trịnh Văn Dũng (CV2).');
    const people: Record<Exclude<AccessRole, 'integration'>, string> = {
      admin: 'TP2',
      council: 'CV2',
      leader: 'GD',
      unit_head: 'TP1',
      staff: 'CV1',
    };
    for (const [role, person] of Object.entries(people) as [AccessRole, string][]) {
      const { token } = await createToken(api.app, { role, person });
      const bearer = { authorization: `Bearer ${token}` };
      const browser = await signedIn(person);
      const bySession = (await (await browser.request(`${api.url}/auth/me`)).json()) as Record<
        string,
        unknown
      >;
      const byToken = (await (await fetch(`${api.url}/auth/me`, { headers: bearer })).json()) as Record<
        string,
        unknown
      >;
      expect({ role: bySession.role, personId: bySession.personId, unitId: bySession.unitId }).toEqual({
        role: byToken.role,
        personId: byToken.personId,
        unitId: byToken.unitId,
      });
      expect(bySession.role).toBe(role);
      expect(bySession.actor).toMatch(new RegExp(`^session:\\d+ \\(${role}, ${person}\\) `));
      for (const path of ['/api/obligations?limit=500', `/api/scores?phase=2024-1`]) {
        const a = await browser.request(api.url + path);
        const b = await fetch(api.url + path, { headers: bearer });
        expect(a.status).toBe(b.status);
        expect(await a.text()).toBe(await b.text());
      }
    }
  });

  it('grants only admin, council and leader; a change of role ends the person’s sessions', async () => {
    const wrong = await capture(
      (io) => runAccess({ action: 'grant', person: 'CV1', role: 'unit_head' }, io),
      env,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--role unit_head: chỉ cấp được admin, council, leader');
    const browser = await signedIn('TP2');
    expect(((await (await browser.request(`${api.url}/auth/me`)).json()) as { role: string }).role).toBe(
      'admin',
    );
    const revoked = await capture(
      (io) => runAccess({ action: 'revoke', person: 'TP2', role: 'admin' }, io),
      env,
    );
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(
      /^Đã thu hồi vai trò admin của Bùi Đức Anh \(TP2\)\. Đã kết thúc [12] phiên/,
    );
    expect((await browser.request(`${api.url}/auth/me`)).status).toBe(401);
    // Her next sign-in carries the role of her post.
    const again = await signedIn('TP2');
    expect(await (await again.request(`${api.url}/auth/me`)).json()).toMatchObject({
      role: 'unit_head',
      unitId: 'BCVT',
    });
    const audit = await query<{ action: string; actor: string }>(
      db.url,
      "SELECT action, actor FROM audit_log WHERE target = 'person:TP2' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['access.grant', 'access.revoke', 'sign-in-link.create']),
    );
  });

  it('refuses a change without the session’s CSRF token, and the refused change changes nothing', async () => {
    const leader = await signedIn('GD');
    const { csrfToken } = (await (await leader.request(`${api.url}/auth/me`)).json()) as {
      csrfToken: string;
    };
    expect(csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [obligation] = await query<{ id: string }>(
      db.url,
      'SELECT id FROM obligations ORDER BY id LIMIT 1',
    );
    const count = async () =>
      (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM exemptions'))[0].n;
    const before = await count();
    const audit = (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM audit_log'))[0].n;

    for (const headers of [{}, { 'x-csrf-token': 'x'.repeat(43) }] as Record<string, string>[]) {
      const refused = await leader.request(`${api.url}/api/exemptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ obligationId: obligation.id, reason: 'thử' }),
      });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(
        /^Yêu cầu thiếu mã chống giả mạo \(CSRF\).*không có gì bị thay đổi/,
      );
    }
    // A form posted from another site carries the cookie only if SameSite lets it; even so, no token.
    const form = await leader.post(`${api.url}/api/exemptions`, {
      obligationId: obligation.id,
      reason: 'thử',
    });
    expect(form.status).toBe(403);
    expect(await count()).toBe(before);
    expect((await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM audit_log'))[0].n).toBe(audit);

    // With the token (the header, or the form field `_csrf`), the same change goes through.
    const ok = await leader.post(`${api.url}/api/exemptions`, {
      obligationId: obligation.id,
      reason: 'thử với mã',
      _csrf: csrfToken,
    });
    expect(ok.status).toBe(201);
    expect(await count()).toBe(before + 1);
    // A bearer token needs no CSRF token: a browser cannot be made to send one.
    const { token } = await createToken(api.app, { role: 'leader', person: 'GD' });
    const made = (await ok.json()) as { exemption: { id: string } };
    const revoke = await fetch(`${api.url}/api/exemptions/${made.exemption.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'thử xong' }),
    });
    expect(revoke.status).toBe(200);
  });

  it('ends a session unused for 30 minutes, and a busy one at its absolute end', async () => {
    const browser = await signedIn('CV1');
    const me = () => browser.request(`${api.url}/auth/me`);
    // 29 minutes later she is still in, and that visit counts as use…
    await start(at(29));
    expect((await me()).status).toBe(200);
    // …so 29 minutes after it, still in; then 31 minutes idle, out.
    await start(at(58));
    expect((await me()).status).toBe(200);
    await start(at(89));
    const ended = await me();
    expect(ended.status).toBe(401);
    expect(((await ended.json()) as { message: string }).message).toMatch(/^Phiên đăng nhập đã kết thúc/);
    // The cookie is cleared, and the session is gone from the database.
    expect(browser.cookie(api.url, 'dunghan_session')).toBeNull();
    expect(
      (await query(db.url, "SELECT 1 FROM sessions WHERE person_id = 'CV1' AND last_seen_at > $1", [at(80)]))
        .length,
    ).toBe(0);

    // However busy, a session ends at its absolute end (here 1 hour, DUNGHAN_SESSION_MAX_HOURS).
    const hour = { DUNGHAN_SESSION_MAX_HOURS: '1' };
    await start(at(100), hour);
    const busy = await signedIn('CV1');
    for (const m of [120, 140, 159]) {
      await start(at(m), hour);
      expect((await busy.request(`${api.url}/auth/me`)).status).toBe(200);
    }
    await start(at(161), hour);
    expect((await busy.request(`${api.url}/auth/me`)).status).toBe(401);
    await start(AS_OF);
  }, 120_000);

  it('sends a browser without a standing session to the sign-in page, saying why', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const none = await fetch(`${api.url}/auth/me?x=1`, { headers: html, redirect: 'manual' });
    expect(none.status).toBe(303);
    expect(none.headers.get('location')).toBe(
      `/auth/sign-in?reason=required&next=${encodeURIComponent('/auth/me?x=1')}`,
    );
    const stale = await fetch(`${api.url}/auth/me`, {
      headers: { ...html, cookie: `dunghan_session=${'a'.repeat(43)}` },
      redirect: 'manual',
    });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toMatch(/^\/auth\/sign-in\?reason=expired/);
    expect(stale.headers.getSetCookie().find((c) => c.startsWith('dunghan_session='))).toMatch(/Max-Age=0/);
    const page = await (await fetch(`${api.url}/auth/sign-in?reason=expired`)).text();
    expect(page).toContain('Phiên đăng nhập đã hết hạn. Xin đăng nhập lại.');
    // A program gets the 401 it always got.
    expect((await fetch(`${api.url}/auth/me`)).status).toBe(401);
  });

  it('signs out at her next request someone the document system no longer lists as active', async () => {
    const browser = await signedIn('CV1');
    expect((await browser.request(`${api.url}/auth/me`)).status).toBe(200);
    await query(db.url, "UPDATE people SET active = false WHERE id = 'CV1'");
    try {
      expect((await browser.request(`${api.url}/auth/me`)).status).toBe(401);
      const link = await new Browser().request(await printedLink('CV2'));
      expect(link.status).toBe(303);
      const refused = await capture((io) => runLoginLink({ person: 'CV1' }, io), {
        ...env,
        DUNGHAN_CLOCK: clock,
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--person CV1: cán bộ này không còn hoạt động, không đăng nhập được');
    } finally {
      await query(db.url, "UPDATE people SET active = true WHERE id = 'CV1'");
    }
  });

  it('signs out: needs the CSRF token, clears the cookie, and the old cookie opens nothing', async () => {
    const browser = await signedIn('TP1');
    const cookie = browser.cookie(api.url, 'dunghan_session')!;
    const { csrfToken } = (await (await browser.request(`${api.url}/auth/me`)).json()) as {
      csrfToken: string;
    };
    const forged = await browser.post(`${api.url}/auth/logout`, {});
    expect(forged.status).toBe(403);
    expect((await browser.request(`${api.url}/auth/me`)).status).toBe(200);

    const out = await browser.post(`${api.url}/auth/logout`, { _csrf: csrfToken });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/auth/signed-out');
    expect(out.headers.getSetCookie().find((c) => c.startsWith('dunghan_session='))).toMatch(/Max-Age=0/);
    expect(browser.cookie(api.url, 'dunghan_session')).toBeNull();
    const page = await browser.request(`${api.url}/auth/signed-out`);
    expect(await page.text()).toContain('Anh/chị đã đăng xuất khỏi Đúng hạn.');
    // Someone who kept a copy of the cookie is not signed in with it.
    const replay = await fetch(`${api.url}/auth/me`, { headers: { cookie: `dunghan_session=${cookie}` } });
    expect(replay.status).toBe(401);
  });
});
