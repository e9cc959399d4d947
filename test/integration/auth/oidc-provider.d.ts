/** The few parts of `oidc-provider` (no published types for v9) the sign-in tests use. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface KoaContext {
    path: string;
    body: unknown;
  }

  interface Account {
    accountId: string;
    claims(): Record<string, unknown>;
  }

  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: Record<string, unknown>[];
        claims?: Record<string, string[]>;
        findAccount?: (ctx: unknown, id: string) => Account | undefined | Promise<Account | undefined>;
        features?: Record<string, unknown>;
        pkce?: Record<string, unknown>;
        cookies?: Record<string, unknown>;
        ttl?: Record<string, unknown>;
      },
    );
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
