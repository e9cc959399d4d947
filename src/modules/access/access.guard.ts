/**
 * Every request but the public ones carries `Authorization: Bearer <token>`; the token's role must
 * be among the route's `@Allow(...)` roles. Secure by default: a route that declares neither
 * `@Allow` nor `@Public` is refused to everyone, so a forgotten decorator cannot open a door.
 */
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenStore, hashToken, isExpired } from '../../infra/store/token-store.js';
import { formatStoredTime } from '../../presentation/formats.js';
import type { AuthenticatedRequest } from './access.decorators.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators.js';
import type { AccessRole, Principal } from './roles.js';
import { isAccessRole } from './roles.js';
import { RequestBudget, clientAddress, tooManyRequests } from './rate-limit.guard.js';

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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<
      AuthenticatedRequest & { headers: Record<string, string | undefined>; ip?: string }
    >();
    const res = http.getResponse<{ setHeader(name: string, value: string): void }>();

    const header = req.headers.authorization;
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

  /** Counts a request refused for its token; the one that goes over the budget is answered 429. */
  private refused(res: { setHeader(name: string, value: string): void }, address: string): void {
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
