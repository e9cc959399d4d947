import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { RateLimitGuard, RequestBudget } from './rate-limit.guard.js';

/**
 * Tokens and roles first, then the rate limit per token. The access guard counts a request whose
 * token is missing or not known good against its address before looking the token up, so
 * strangers' guesses are limited too (each is a database lookup), by the same budget.
 */
@Module({
  providers: [
    RequestBudget,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AccessModule {}
