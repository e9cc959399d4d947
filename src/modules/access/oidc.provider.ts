import type { Provider } from '@nestjs/common';
import type { Settings } from '../../config/settings.js';
import { OidcClient } from '../../infra/auth/oidc.client.js';
import { Clock } from '../core/clock.js';
import { SETTINGS } from '../core/core.tokens.js';

/** The OpenID Connect client, or null when no provider is configured (OIDC_ISSUER unset). */
export const OIDC_CLIENT = Symbol('OidcClient');

export const oidcClientProvider: Provider = {
  provide: OIDC_CLIENT,
  inject: [SETTINGS, Clock],
  useFactory: (settings: Settings, clock: Clock): OidcClient | null =>
    settings.signIn.oidc === null
      ? null
      : new OidcClient(settings.signIn.oidc, () => Math.round((clock.now() - Date.now()) / 1000)),
};
