/**
 * Every request but the public ones is signed in: by `Authorization: Bearer <token>` (programs),
 * or by the session cookie of a person signed in to the web pages (issue 14). Either gives the same
 * `Principal`; its role must be among the route's `@Allow(...)` roles. Secure by default: a route
 * that declares neither `@Allow` nor `@Public` is refused to everyone, so a forgotten decorator
 * cannot open a door.
 *
 * A bearer token wins when both come. A session's unsafe request (POST, PUT, PATCH, DELETE) must
 * carry the session's CSRF token, or it is refused before the route runs: a refused change changes
 * nothing. A browser opening a page (GET of HTML outside /api) without a standing session is sent
 * to the sign-in page instead of a bare 401.
 */
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenStore, hashToken, isExpired } from '../../infra/store/token-store.js';
import { formatStoredTime } from '../../presentation/formats.js';
import type { AuthenticatedRequest } from './access.decorators.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators.js';
import type { AccessRole, Principal } from './roles.js';
import { isAccessRole } from './roles.js';
import { RequestBudget, clientAddress, tooManyRequests } from './rate-limit.guard.js';
import type { CookieRequest } from './session-cookie.js';
import {
  SESSION_COOKIE,
  UNSAFE_METHODS,
  addCookie,
  clearedCookie,
  csrfMatches,
  localPath,
  presentedCsrf,
  readCookie,
} from './session-cookie.js';
import { SignInService } from './sign-in.service.js';

type Response = {
  setHeader(name: string, value: string | string[]): void;
  getHeader(name: string): unknown;
};

/** last_used_at is written at most this often per token: a busy client is not a write per request. */
const TOUCH_EVERY_MS = 60_000;

function unauthorized(vi: string, en: string): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: `${vi} / ${en}` });
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly touched = new Map<string, number>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenStore) private readonly tokens: TokenStore,
    @Inject(RequestBudget) private readonly budget: RequestBudget,
    @Inject(SignInService) private readonly signIn: SignInService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<
      AuthenticatedRequest &
        CookieRequest & { headers: Record<string, string | undefined>; ip?: string; originalUrl?: string }
    >();
    const res = http.getResponse<Response>();

    const header = req.headers.authorization;
    const session = header === undefined ? readCookie(req, SESSION_COOKIE) : null;
    if (session !== null) {
      await this.bySession(session, req, res);
      return this.allowed(req.principal!, targets);
    }
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Before any lookup: an address over its budget of refused tokens is refused, unless the
    // token is one this process already found good.
    const address = clientAddress(req);
    const hash = match === null ? null : hashToken(match[1]);
    if (hash === null || !this.budget.isKnownGood(hash)) {
      const wait = this.budget.failuresWait(address);
      if (wait !== 0) tooManyRequests(res, wait);
    }
    if (match === null || hash === null) {
      this.refused(res, address);
      if (header === undefined) this.toSignIn(req, res, 'required');
      res.setHeader('WWW-Authenticate', 'Bearer realm="dunghan"');
      throw unauthorized(
        'Cần mã truy cập: tiêu đề Authorization: Bearer <mã>',
        'An access token is required: Authorization: Bearer <token>',
      );
    }
    const token = await this.tokens.verify(match[1]);
    // A role outside the access roles (a row written by hand) opens nothing.
    if (token === null || !isAccessRole(token.role)) {
      this.budget.forget(hash);
      this.refused(res, address);
      res.setHeader('WWW-Authenticate', 'Bearer realm="dunghan", error="invalid_token"');
      throw unauthorized(
        'Mã truy cập không hợp lệ hoặc đã bị thu hồi',
        'The access token is unknown or revoked',
      );
    }
    // Real time, not DUNGHAN_CLOCK: a replayed or demo clock must not revive an expired token.
    if (isExpired(token, new Date())) {
      this.budget.forget(hash);
      this.refused(res, address);
      res.setHeader(
        'WWW-Authenticate',
        'Bearer realm="dunghan", error="invalid_token", error_description="The access token expired"',
      );
      const at = formatStoredTime(token.expiresAt!);
      throw unauthorized(
        `Mã truy cập đã hết hạn lúc ${at}; xin quản trị viên cấp mã mới`,
        `The access token expired at ${at}; ask the administrator for a new one`,
      );
    }
    const principal: Principal = {
      tokenId: token.id,
      role: token.role,
      personId: token.personId,
      unitId: token.unitId,
      source: token.source,
      actor: `token:${token.id} (${token.role}${token.personId === null ? '' : `, ${token.personId}`}) ${token.label}`,
    };
    req.principal = principal;
    this.budget.rememberGood(hash);
    this.touch(token.id);
    return this.allowed(principal, targets);
  }

  private allowed(principal: Principal, targets: Parameters<Reflector['getAllAndOverride']>[1]): boolean {
    const allowed = this.reflector.getAllAndOverride<AccessRole[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed === undefined || !allowed.includes(principal.role)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `Vai trò ${principal.role} không được phép thực hiện yêu cầu này / The ${principal.role} role may not do this`,
      });
    }
    return true;
  }

  /** Signs the request in by its session cookie, or refuses it; checks CSRF on a change. */
  private async bySession(
    secret: string,
    req: AuthenticatedRequest & CookieRequest & { ip?: string; originalUrl?: string },
    res: Response,
  ): Promise<void> {
    // As for tokens: a session this process found good is looked up even from an address over
    // its budget of refused requests (a colleague behind the same router as a stranger guessing).
    const address = clientAddress(req);
    const hash = hashToken(secret);
    if (!this.budget.isKnownGood(hash)) {
      const wait = this.budget.failuresWait(address);
      if (wait !== 0) tooManyRequests(res, wait);
    }
    const checked = await this.signIn.check(secret);
    if (checked.kind !== 'ok') {
      this.budget.forget(hash);
      this.refused(res, address);
      addCookie(res, clearedCookie(SESSION_COOKIE, req.secure === true));
      this.toSignIn(req, res, 'expired');
      throw unauthorized(
        'Phiên đăng nhập đã kết thúc (hết thời gian hoặc đã đăng xuất); xin đăng nhập lại',
        'The session has ended (timed out or signed out); sign in again',
      );
    }
    req.principal = checked.principal;
    req.csrfToken = checked.session.csrfToken;
    this.budget.rememberGood(hash);
    if (
      UNSAFE_METHODS.has((req.method ?? 'GET').toUpperCase()) &&
      !csrfMatches(presentedCsrf(req), checked.session.csrfToken)
    ) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message:
          'Yêu cầu thiếu mã chống giả mạo (CSRF) của phiên đăng nhập, hoặc mã không đúng: không có gì bị thay đổi. Xin tải lại trang rồi thử lại / ' +
          "The request lacks this session's CSRF token, or it is wrong: nothing was changed. Reload the page and try again",
      });
    }
    // Checked: the routes behind see only their own fields.
    const body = req.body as Record<string, unknown> | undefined;
    if (body !== null && typeof body === 'object' && '_csrf' in body) delete body._csrf;
  }

  /**
   * A browser opening a page without a standing session goes to the sign-in page (303), which says
   * why and comes back here after signing in with the provider. API calls and other requests get
   * the 401 as before.
   */
  private toSignIn(
    req: CookieRequest & { originalUrl?: string },
    res: Response,
    reason: 'expired' | 'required',
  ): void {
    const method = (req.method ?? 'GET').toUpperCase();
    const accept = req.headers.accept;
    const path = req.originalUrl ?? '/';
    if (method !== 'GET' && method !== 'HEAD') return;
    if (typeof accept !== 'string' || !accept.includes('text/html')) return;
    if (path === '/api' || path.startsWith('/api/')) return;
    const next = localPath(path);
    res.setHeader(
      'Location',
      `/auth/sign-in?reason=${reason}${next === null || next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`,
    );
    throw new HttpException(
      { statusCode: 303, message: 'Cần đăng nhập / Sign in first', location: '/auth/sign-in' },
      HttpStatus.SEE_OTHER,
    );
  }

  /** Counts a request refused for its token; the one that goes over the budget is answered 429. */
  private refused(res: Response, address: string): void {
    const wait = this.budget.failed(address);
    if (wait !== 0) tooManyRequests(res, wait);
  }

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    // Bookkeeping only: a failure to record the use must not fail the request.
    this.tokens.touch(id, new Date(now)).catch(() => this.touched.delete(id));
  }
}
