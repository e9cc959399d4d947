/**
 * A real OpenID Connect provider for the sign-in tests: `oidc-provider` on 127.0.0.1 (an ephemeral
 * port) with its development login and consent pages, RP-initiated logout, PKCE required, and the
 * accounts the test names (account id → e-mail). One hook stands for a provider that misbehaves:
 * `swapIdToken` replaces the ID token of the next token response (an ID token minted for another
 * client: the wrong audience).
 */
import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
}

export class TestOidcProvider {
  issuer = '';
  /** The next token response carries this ID token instead of its own; then it is cleared. */
  swapIdToken: string | null = null;
  private server: Server | null = null;
  provider!: Provider;

  constructor(
    private readonly accounts: Record<string, TestAccount>,
    private readonly clients: TestClient[],
  ) {}

  async start(): Promise<this> {
    let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
    const server = createServer((req, res) => handler(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
    this.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const accounts = this.accounts;
    this.provider = new Provider(this.issuer, {
      clients: this.clients.map((c) => ({
        ...c,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      findAccount: (_ctx, id) => {
        const account = accounts[id];
        if (account === undefined) return undefined;
        return { accountId: id, claims: () => ({ sub: id, ...account }) };
      },
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      pkce: { required: () => true },
      cookies: { keys: ['dunghan-test-provider-key'] },
    });
    this.provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as Record<string, unknown> | undefined;
      if (ctx.path === '/token' && this.swapIdToken !== null && typeof body?.id_token === 'string') {
        ctx.body = { ...body, id_token: this.swapIdToken };
        this.swapIdToken = null;
      }
    });
    handler = this.provider.callback() as typeof handler;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
