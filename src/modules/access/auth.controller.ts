/**
 * `/auth/*`: signing in and out of the web pages (issue 14). By a one-time link mailed to the
 * person's official address (or printed by `dunghan login-link`), or with the agency's OpenID
 * Connect provider; either ends in a session cookie. These routes are public (the guard lets them
 * through): whoever is here is not signed in yet, or is signing out — logout checks the session's
 * CSRF token itself.
 */
import type { ServerResponse } from 'node:http';
import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Settings } from '../../config/settings.js';
import type { OidcClient, PendingSignIn } from '../../infra/auth/oidc.client.js';
import { ProviderUnavailable, refusalOf } from '../../infra/auth/oidc.client.js';
import type { SessionStore, SignInPerson } from '../../infra/store/session-store.js';
import { SessionStore as SessionStoreClass } from '../../infra/store/session-store.js';
import type { Lang } from '../../i18n/lang.js';
import type { OidcRefusal, SignInNotice } from '../../presentation/auth/sign-in-pages.js';
import {
  SIGN_IN_PAGE_POLICY,
  linkRefusedPage,
  linkSentPage,
  oidcRefusedPage,
  signInPage,
  signedOutPage,
} from '../../presentation/auth/sign-in-pages.js';
import { SETTINGS } from '../core/core.tokens.js';
import type { AuthenticatedRequest } from './access.decorators.js';
import { Allow, Caller, Public } from './access.decorators.js';
import { OIDC_CLIENT } from './oidc.provider.js';
import { accessOf } from './person-access.js';
import type { Principal } from './roles.js';
import { EVERYONE } from './roles.js';
import type { CookieRequest } from './session-cookie.js';
import {
  OIDC_COOKIE,
  SESSION_COOKIE,
  addCookie,
  clearedCookie,
  cookie,
  csrfMatches,
  localPath,
  presentedCsrf,
  readCookie,
} from './session-cookie.js';
import { SignInService } from './sign-in.service.js';

type Request = CookieRequest & { query: Record<string, unknown>; originalUrl: string; secure: boolean };
type Response = ServerResponse;

/** How long the browser keeps the state of a provider sign-in that has not come back. */
const PENDING_SECONDS = 600;

function langOf(req: { query: Record<string, unknown>; body?: unknown }): Lang {
  const body = req.body as Record<string, unknown> | undefined;
  const asked = req.query.lang ?? body?.lang;
  return asked === 'en' ? 'en' : 'vi';
}

function sendPage(res: Response, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', SIGN_IN_PAGE_POLICY);
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

function redirect(res: Response, location: string): void {
  res.statusCode = 303;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@ApiExcludeController()
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger('SignIn');

  constructor(
    @Inject(SignInService) private readonly signIn: SignInService,
    @Inject(SessionStoreClass) private readonly store: SessionStore,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(OIDC_CLIENT) private readonly oidc: OidcClient | null,
  ) {}

  private get officialDomain(): string {
    return this.settings.domain.settings.officialDomain;
  }

  @Public()
  @Get('sign-in')
  form(@Req() req: Request, @Res() res: Response): void {
    const reason = req.query.reason;
    const notice: SignInNotice =
      reason === 'expired' || reason === 'required' || reason === 'signed-out' ? reason : null;
    sendPage(
      res,
      200,
      signInPage({
        lang: langOf(req),
        officialDomain: this.officialDomain,
        oidc: this.oidc !== null,
        notice,
        error: null,
        value: '',
        next: localPath(req.query.next),
      }),
    );
  }

  /** The same answer whoever the address belongs to (and whether a mail went out). */
  @Public()
  @Post('sign-in')
  async request(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = langOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const value = typeof body.email === 'string' ? body.email.trim() : '';
    const error = value === '' ? 'empty' : !EMAIL.test(value) || value.length > 320 ? 'invalid' : null;
    if (error !== null) {
      sendPage(
        res,
        400,
        signInPage({
          lang,
          officialDomain: this.officialDomain,
          oidc: this.oidc !== null,
          notice: null,
          error,
          value,
          next: null,
        }),
      );
      return;
    }
    await this.signIn.requestLink(value);
    sendPage(
      res,
      200,
      linkSentPage(lang, this.officialDomain, Math.round(this.signIn.settings.linkMs / 60_000)),
    );
  }

  @Public()
  @Get('link/:token')
  async link(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const used = await this.signIn.useLink(token);
    if (used.kind !== 'ok') {
      const status = used.kind === 'unknown' ? 404 : used.kind === 'inactive' ? 403 : 410;
      const view =
        used.kind === 'used' || used.kind === 'expired'
          ? { kind: used.kind, at: used.at! }
          : { kind: used.kind };
      sendPage(res, status, linkRefusedPage(langOf(req), view));
      return;
    }
    await this.replaceSession(req, res, used.secret, used.session);
    redirect(res, '/');
  }

  /** Who is signed in: what the pages' header shows, and what a test compares. */
  @Allow(...EVERYONE)
  @Get('me')
  me(@Caller() principal: Principal, @Req() req: AuthenticatedRequest) {
    return {
      role: principal.role,
      personId: principal.personId,
      unitId: principal.unitId,
      actor: principal.actor,
      // For a page's script that sends a change with `X-CSRF-Token`; another site cannot read this.
      csrfToken: req.csrfToken ?? null,
    };
  }

  @Public()
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const secret = readCookie(req, SESSION_COOKIE);
    const found = secret === null ? null : await this.store.find(secret);
    if (found !== null && !csrfMatches(presentedCsrf(req), found.csrfToken)) {
      res.statusCode = 403;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(
        JSON.stringify({
          statusCode: 403,
          error: 'Forbidden',
          message:
            'Yêu cầu đăng xuất thiếu mã chống giả mạo (CSRF) của phiên, hoặc mã không đúng: anh/chị vẫn đang đăng nhập / ' +
            'The sign-out request lacks the session’s CSRF token, or it is wrong: you are still signed in',
        }),
      );
      return;
    }
    addCookie(res, clearedCookie(SESSION_COOKIE, req.secure));
    const lang = langOf(req);
    const signedOut = `/auth/signed-out${lang === 'en' ? '?lang=en' : ''}`;
    if (found === null) {
      redirect(res, signedOut);
      return;
    }
    await this.signIn.end(found.id);
    if (found.via === 'oidc' && this.oidc !== null) {
      try {
        const end = await this.oidc.endSessionUrl(found.idToken, this.postLogoutUri());
        if (end !== null) {
          redirect(res, end);
          return;
        }
      } catch (error) {
        // Signed out here; the provider's session stays. Said in the log, not a failure for her.
        this.logger.warn(`provider sign-out not reached: ${(error as Error).message}`);
      }
    }
    redirect(res, signedOut);
  }

  @Public()
  @Get('signed-out')
  signedOut(@Req() req: Request, @Res() res: Response): void {
    sendPage(res, 200, signedOutPage(langOf(req)));
  }

  @Public()
  @Get('oidc/start')
  async oidcStart(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = langOf(req);
    if (this.oidc === null) {
      sendPage(res, 404, oidcRefusedPage(lang, { kind: 'notConfigured' }));
      return;
    }
    let started: { url: string; pending: PendingSignIn };
    try {
      started = await this.oidc.start(localPath(req.query.next) ?? '/');
    } catch (error) {
      this.logger.warn(`identity provider unavailable: ${(error as Error).message}`);
      sendPage(res, 503, oidcRefusedPage(lang, { kind: 'unavailable' }));
      return;
    }
    const value = Buffer.from(JSON.stringify(started.pending)).toString('base64url');
    addCookie(
      res,
      cookie(OIDC_COOKIE, value, { secure: req.secure, maxAgeSeconds: PENDING_SECONDS, path: '/auth/oidc' }),
    );
    redirect(res, started.url);
  }

  @Public()
  @Get('oidc/callback')
  async oidcCallback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = langOf(req);
    const refuse = (status: number, refusal: OidcRefusal) =>
      sendPage(res, status, oidcRefusedPage(lang, refusal));
    if (this.oidc === null) return refuse(404, { kind: 'notConfigured' });
    // The state is for this one answer: gone whatever happens next.
    addCookie(res, clearedCookie(OIDC_COOKIE, req.secure, '/auth/oidc'));
    const pending = pendingOf(readCookie(req, OIDC_COOKIE));
    if (pending === null) return refuse(400, { kind: 'failed' });
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let answer: { claims: Record<string, unknown>; idToken: string };
    try {
      answer = await this.oidc.finish(new URL(this.settings.signIn.oidc!.redirectUri + query), pending);
    } catch (error) {
      const unavailable = error instanceof ProviderUnavailable;
      this.logger.warn(`provider sign-in refused: ${refusalOf(error)}`);
      return refuse(unavailable ? 503 : 401, { kind: unavailable ? 'unavailable' : 'failed' });
    }
    const mapped = await this.personOf(answer.claims);
    if ('refusal' in mapped) return refuse(403, mapped.refusal);
    const access = accessOf(mapped.person);
    if (!access.ok) return refuse(403, { kind: 'inactive' });
    const started = await this.signIn.start(mapped.person, access, 'oidc', answer.idToken);
    await this.replaceSession(req, res, started.secret, started.session);
    redirect(res, localPath(pending.next) ?? '/');
  }

  /**
   * The person the provider's claim names: her e-mail address when the value has `@` (and the
   * provider has not said it is unverified), else her id in the document system.
   */
  private async personOf(
    claims: Record<string, unknown>,
  ): Promise<{ person: SignInPerson } | { refusal: OidcRefusal }> {
    const claim = this.settings.signIn.oidc!.claim;
    const raw = claims[claim];
    if (typeof raw !== 'string' || raw.trim() === '') return { refusal: { kind: 'noClaim', claim } };
    const value = raw.trim();
    if (value.includes('@')) {
      if (claim === 'email' && claims.email_verified === false)
        return { refusal: { kind: 'unverified', value } };
      const people = await this.store.peopleByEmail(value);
      const active = people.filter((p) => p.active);
      if (active.length > 1) return { refusal: { kind: 'ambiguous', value } };
      const person = active[0] ?? people[0];
      return person === undefined ? { refusal: { kind: 'unmapped', claim, value } } : { person };
    }
    const person = await this.store.person(value);
    return person === null ? { refusal: { kind: 'unmapped', claim, value } } : { person };
  }

  /** Sets the new session's cookie; a session this browser had before is ended (no fixation). */
  private async replaceSession(
    req: Request,
    res: Response,
    secret: string,
    session: Parameters<SignInService['cookieMaxAge']>[0],
  ): Promise<void> {
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous !== null) {
      const old = await this.store.find(previous);
      if (old !== null && old.id !== session.id) await this.signIn.end(old.id);
    }
    addCookie(
      res,
      cookie(SESSION_COOKIE, secret, {
        secure: req.secure,
        maxAgeSeconds: this.signIn.cookieMaxAge(session),
      }),
    );
  }

  private postLogoutUri(): string {
    return new URL('/auth/signed-out', this.settings.signIn.oidc!.redirectUri).href;
  }
}

function pendingOf(value: string | null): PendingSignIn | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { state, nonce, verifier, next } = parsed;
    if ([state, nonce, verifier, next].some((x) => typeof x !== 'string')) return null;
    return { state, nonce, verifier, next } as PendingSignIn;
  } catch {
    return null;
  }
}
