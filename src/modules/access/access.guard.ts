/**
 * Every request but the public ones carries `Authorization: Bearer <token>`; the token's role must
 * be among the route's `@Allow(...)` roles. Secure by default: a route that declares neither
 * `@Allow` nor `@Public` is refused to everyone, so a forgotten decorator cannot open a door.
 */
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenStore } from '../../infra/store/token-store.js';
import type { AuthenticatedRequest } from './access.decorators.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './access.decorators.js';
import type { AccessRole, Principal } from './roles.js';
import { isAccessRole } from './roles.js';

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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const res = http.getResponse<{ setHeader(name: string, value: string): void }>();

    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="dunghan"');
      throw unauthorized(
        'Cần mã truy cập: tiêu đề Authorization: Bearer <mã>',
        'An access token is required: Authorization: Bearer <token>',
      );
    }
    const token = await this.tokens.verify(match[1]);
    // A role outside the access roles (a row written by hand) opens nothing.
    if (token === null || !isAccessRole(token.role)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="dunghan", error="invalid_token"');
      throw unauthorized(
        'Mã truy cập không hợp lệ hoặc đã bị thu hồi',
        'The access token is unknown or revoked',
      );
    }
    const principal: Principal = {
      tokenId: token.id,
      role: token.role,
      personId: token.personId,
      unitId: token.unitId,
      actor: `token:${token.id} (${token.role}${token.personId === null ? '' : `, ${token.personId}`}) ${token.label}`,
    };
    req.principal = principal;
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

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    // Bookkeeping only: a failure to record the use must not fail the request.
    this.tokens.touch(id, new Date(now)).catch(() => this.touched.delete(id));
  }
}
