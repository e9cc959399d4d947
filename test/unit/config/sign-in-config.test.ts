/** Sign-in settings from the environment: defaults, and a wrong variable named with the reason. */
import { describe, expect, it } from '@jest/globals';
import { EnvError } from '../../../src/config/env-error.js';
import { loadSignInSettings } from '../../../src/config/sign-in.config.js';

const server = { host: '127.0.0.1', port: 3000 };

describe('loadSignInSettings', () => {
  it('defaults: 30 minutes idle, 12 hours at most, links for 15 minutes, no provider', () => {
    expect(loadSignInSettings({}, server)).toEqual({
      publicUrl: 'http://127.0.0.1:3000',
      idleMs: 30 * 60_000,
      maxAgeMs: 12 * 3_600_000,
      linkMs: 15 * 60_000,
      oidc: null,
    });
    expect(loadSignInSettings({}, { host: '0.0.0.0', port: 8080 }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(
      loadSignInSettings({ PUBLIC_URL: 'https://dunghan.hanam.gov.vn/' }, server).publicUrl,
    ).toBe('https://dunghan.hanam.gov.vn');
  });

  it('reads a provider when all three are set; the claim defaults to email', () => {
    const oidc = loadSignInSettings(
      {
        OIDC_ISSUER: 'https://sso.hanam.gov.vn/realms/so',
        OIDC_CLIENT_ID: 'dunghan',
        OIDC_REDIRECT_URI: 'https://dunghan.hanam.gov.vn/auth/oidc/callback',
      },
      server,
    ).oidc;
    expect(oidc).toEqual({
      issuer: 'https://sso.hanam.gov.vn/realms/so',
      clientId: 'dunghan',
      clientSecret: null,
      redirectUri: 'https://dunghan.hanam.gov.vn/auth/oidc/callback',
      claim: 'email',
    });
  });

  it.each([
    [
      { DUNGHAN_SESSION_IDLE_MINUTES: '0' },
      'DUNGHAN_SESSION_IDLE_MINUTES',
      'phải là số nguyên từ 1 đến 1440',
    ],
    [{ DUNGHAN_SIGN_IN_LINK_MINUTES: 'mười lăm' }, 'DUNGHAN_SIGN_IN_LINK_MINUTES', 'phải là số nguyên'],
    [{ PUBLIC_URL: 'dunghan.hanam.gov.vn' }, 'PUBLIC_URL', 'không phải một URL'],
    [{ OIDC_ISSUER: 'https://sso.hanam.gov.vn' }, 'OIDC_CLIENT_ID', 'đặt cả ba, hoặc bỏ cả ba'],
    [
      {
        OIDC_ISSUER: 'https://sso.hanam.gov.vn',
        OIDC_CLIENT_ID: 'dunghan',
        OIDC_REDIRECT_URI: 'https://dunghan.hanam.gov.vn/callback',
      },
      'OIDC_REDIRECT_URI',
      '/auth/oidc/callback',
    ],
    [
      {
        OIDC_ISSUER: 'ftp://sso.hanam.gov.vn',
        OIDC_CLIENT_ID: 'dunghan',
        OIDC_REDIRECT_URI: 'https://dunghan.hanam.gov.vn/auth/oidc/callback',
      },
      'OIDC_ISSUER',
      'https://',
    ],
  ] as [NodeJS.ProcessEnv, string, string][])('%j → %s', (env, variable, reason) => {
    let error: unknown;
    try {
      loadSignInSettings(env, server);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(reason);
  });
});
