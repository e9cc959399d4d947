/**
 * The agency's OpenID Connect provider, through `openid-client` (authorization code with PKCE,
 * state and nonce). It only speaks the protocol: who the claims name is the sign-in module's
 * business. The provider's metadata is fetched on first use and kept; a failed fetch is tried
 * again on the next sign-in. An `http://` issuer is allowed (a provider on the agency's internal
 * network, the tests); production providers use https.
 */
import * as client from 'openid-client';
import type { OidcSettings } from '../../config/sign-in.config.js';

/** What the browser keeps (in a short-lived httpOnly cookie) between the start and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Where to go after signing in (a local path). */
  next: string;
}

export interface ProviderAnswer {
  claims: Record<string, unknown>;
  idToken: string;
}

/** The provider could not be reached or its metadata is unusable. */
export class ProviderUnavailable extends Error {}

/**
 * Why a provider's answer was refused, for the log: the message, the one beneath it
 * (openid-client wraps oauth4webapi's), and the claim that failed when one did.
 */
export function refusalOf(error: unknown): string {
  const parts: string[] = [];
  let claim: string | null = null;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      const c = (current as { claim?: unknown }).claim;
      if (typeof c === 'string') claim = c;
      break;
    }
  }
  return parts.join(': ') + (claim === null ? '' : ` (claim ${claim})`);
}

export class OidcClient {
  private configuration: Promise<client.Configuration> | null = null;

  /**
   * @param skewSeconds how far the app's clock (DUNGHAN_CLOCK) is ahead of the machine's: token
   * times are judged against the app's clock, like every other instant.
   */
  constructor(
    private readonly settings: OidcSettings,
    private readonly skewSeconds: () => number,
  ) {}

  private config(): Promise<client.Configuration> {
    if (this.configuration === null) {
      const issuer = new URL(this.settings.issuer);
      const secret = this.settings.clientSecret;
      this.configuration = client
        .discovery(
          issuer,
          this.settings.clientId,
          { [client.clockSkew]: this.skewSeconds() },
          secret === null ? client.None() : client.ClientSecretBasic(secret),
          issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.configuration = null;
          throw new ProviderUnavailable((error as Error).message);
        });
    }
    return this.configuration;
  }

  async start(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const verifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier,
      next,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Checks the provider's answer (state, then the code exchanged with the PKCE verifier, then the
   * ID token: issuer, audience, signature, expiry, nonce) and returns the ID token's claims.
   * Throws when any check fails.
   */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderAnswer> {
    const config = await this.config();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (claims === undefined || tokens.id_token === undefined) throw new Error('no ID token');
    if (claims[this.settings.claim] !== undefined) return { claims: { ...claims }, idToken: tokens.id_token };
    // A conforming provider may put the scope's claims (email) in UserInfo only, not the ID token.
    const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return { claims: { ...userInfo, ...claims }, idToken: tokens.id_token };
  }

  /** Where to send the browser to sign out at the provider too; null when it has no such endpoint. */
  async endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): Promise<string | null> {
    const config = await this.config();
    if (config.serverMetadata().end_session_endpoint === undefined) return null;
    const params: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
    if (idToken !== null) params.id_token_hint = idToken;
    else params.client_id = this.settings.clientId;
    return client.buildEndSessionUrl(config, params).href;
  }
}
