/**
 * Rate limiting per caller: per token when the request carries a valid one (the AccessGuard ran
 * first and put it on the request), else per client address. One budget per caller across every
 * route — a client walking many endpoints is one client. A fixed one-minute window counted in this
 * process's memory: with N API replicas behind a balancer a caller gets up to N times the budget,
 * which is still a limit. (Written here rather than taken from @nestjs/throttler, whose CommonJS
 * build cannot load the ESM-only Nest 12 under the test runner.)
 */
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../core/core.tokens.js';
import type { AuthenticatedRequest } from './access.decorators.js';

const WINDOW_MS = 60_000;

export class FixedWindowLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request; the seconds to wait when it is over the limit, else 0. */
  hit(caller: string): number {
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      // A new window forgets every caller at once: memory stays bounded by one minute's callers.
      this.windowStart = now;
      this.counts = new Map();
    }
    const count = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, count);
    return count > this.limit ? Math.ceil((this.windowStart + WINDOW_MS - now) / 1000) : 0;
  }
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: FixedWindowLimiter;

  constructor(@Inject(APP_CONFIG) app: AppConfig) {
    this.limiter = new FixedWindowLimiter(app.rateLimitPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest & { ip?: string }>();
    const caller = req.principal !== undefined ? `token:${req.principal.tokenId}` : `ip:${req.ip ?? '?'}`;
    const wait = this.limiter.hit(caller);
    if (wait === 0) return true;
    http
      .getResponse<{ setHeader(name: string, value: string): void }>()
      .setHeader('Retry-After', String(wait));
    throw new HttpException(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: `Quá nhiều yêu cầu, xin thử lại sau ${wait} giây / Too many requests, try again in ${wait} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
