/**
 * Rate limiting per caller: per token once the request's token is known good, else per client
 * address (the connection's, or the one a trusted proxy names: TRUST_PROXY). One budget per caller
 * across every route — a client walking many endpoints is one client. A fixed one-minute window
 * counted in this process's memory: with N API replicas behind a balancer a caller gets up to N
 * times the budget, which is still a limit. (Written here rather than taken from
 * @nestjs/throttler, whose CommonJS build cannot load the ESM-only Nest 12 under the test runner.)
 *
 * Requests refused for their token (none, unknown, revoked) have a budget of their own per
 * address, the same size: once an address is over it, the AccessGuard answers 429 *before* looking
 * the token up, so a stranger's guesses cost a database lookup each only up to the budget. A token
 * this process found good in the last minutes is still looked up (a colleague behind the same
 * office router is not refused for a stranger's guesses); a token not seen yet from a refused
 * address waits, like the guesses, until the minute ends.
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

  /** The seconds a caller over the limit must wait, else 0, without counting a request. */
  waitFor(caller: string): number {
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) return 0;
    return (this.counts.get(caller) ?? 0) > this.limit
      ? Math.ceil((this.windowStart + WINDOW_MS - now) / 1000)
      : 0;
  }

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

/** How long a token found good spares its requests the per-address count. */
const KNOWN_FOR_MS = 10 * WINDOW_MS;
/** At most this many remembered tokens; beyond, the memory starts over (they are then counted by address until seen again). */
const KNOWN_MAX = 10_000;

/** The one budget of this API process, shared by the access guard (by address) and the rate-limit guard (by token). */
@Injectable()
export class RequestBudget {
  private readonly limiter: FixedWindowLimiter;
  /** Token hash → when it was last found good. */
  private readonly known = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) app: AppConfig) {
    this.limiter = new FixedWindowLimiter(app.rateLimitPerMinute);
  }

  /** Counts a request; the seconds to wait when the caller is over budget, else 0. */
  hit(caller: string): number {
    return this.limiter.hit(caller);
  }

  /** The seconds an address must wait before its next unauthenticated request is even looked at, else 0. */
  failuresWait(address: string): number {
    return this.limiter.waitFor(`failed:${address}`);
  }

  /** Counts a request refused for its token (none, or not good); the seconds to wait when over, else 0. */
  failed(address: string): number {
    return this.limiter.hit(`failed:${address}`);
  }

  isKnownGood(tokenHash: string): boolean {
    const at = this.known.get(tokenHash);
    return at !== undefined && Date.now() - at < KNOWN_FOR_MS;
  }

  rememberGood(tokenHash: string): void {
    if (this.known.size >= KNOWN_MAX && !this.known.has(tokenHash)) this.known.clear();
    this.known.set(tokenHash, Date.now());
  }

  forget(tokenHash: string): void {
    this.known.delete(tokenHash);
  }
}

/** The client address as Express worked it out (TRUST_PROXY decides whether X-Forwarded-For counts). */
export const clientAddress = (req: { ip?: string }) => `ip:${req.ip ?? '?'}`;

/** Refuses a request over budget: 429 with Retry-After. */
export function tooManyRequests(res: { setHeader(name: string, value: string): void }, wait: number): never {
  res.setHeader('Retry-After', String(wait));
  throw new HttpException(
    {
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Quá nhiều yêu cầu, xin thử lại sau ${wait} giây / Too many requests, try again in ${wait} s`,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Inject(RequestBudget) private readonly budget: RequestBudget) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest & { ip?: string }>();
    // Without a principal here the route is public: the access guard let it through uncounted.
    const caller = req.principal !== undefined ? `token:${req.principal.tokenId}` : clientAddress(req);
    const wait = this.budget.hit(caller);
    if (wait !== 0) tooManyRequests(http.getResponse(), wait);
    return true;
  }
}
