import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/**
 * Tokens and roles first, then the rate limit (which counts per token once one is known). A
 * request refused for its token is not counted: the limit is for callers, not for strangers'
 * guesses — those are 256-bit tokens, nothing to brute-force.
 */
@Module({
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AccessModule {}
