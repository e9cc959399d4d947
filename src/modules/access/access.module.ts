import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { AuthController } from './auth.controller.js';
import { oidcClientProvider } from './oidc.provider.js';
import { RateLimitGuard, RequestBudget } from './rate-limit.guard.js';

/**
 * Tokens, sessions and roles first, then the rate limit per token or session. The access guard
 * counts a request whose token or session is missing or not known good against its address before
 * looking it up, so strangers' guesses are limited too (each is a database lookup), by the same
 * budget. `/auth/*` signs people in and out of the web pages.
 */
@Module({
  controllers: [AuthController],
  providers: [
    RequestBudget,
    oidcClientProvider,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AccessModule {}
