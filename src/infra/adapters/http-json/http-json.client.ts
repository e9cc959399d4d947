/**
 * The HTTP side of the JSON pull: authentication, timeouts, retries with backoff and pacing, kept
 * apart from paging and mapping so each can be read on its own.
 *
 * What is retried is what a later attempt can fix: 5xx, 429 (after the server's Retry-After) and
 * requests without an answer in time (timeouts, dropped connections). Any other 4xx is an answer —
 * the request is wrong, the key is refused — and retrying it only hammers the server, so it is
 * returned to the caller, which reports it and stops that resource.
 *
 * Secrets (the API key, the client secret, the tokens) go into request headers or the token
 * request's body and nowhere else: every message this client produces passes through `redact`,
 * which also covers a server that echoes a key back in its error page. Redirects are not followed,
 * because a header such as `X-API-Key` would travel with them to whatever host they name.
 */
import pRetry, { AbortError } from 'p-retry';
import { type Clock, TokenBucket } from './token-bucket.js';

export type HttpAuth =
  | { type: 'none' }
  | { type: 'api-key'; header: string; value: string }
  | {
      type: 'oauth2-client-credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
      /**
       * How the client authenticates to the token endpoint: HTTP Basic (the method RFC 6749 §2.3.1
       * requires servers to support; the default) or `client_id`/`client_secret` in the form body.
       */
      clientAuth?: 'basic' | 'body';
    };

export interface RetryOptions {
  /** Attempts in all, the first included: 3 means two retries. */
  attempts: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export interface RateLimitOptions {
  requestsPerSecond: number;
  /** Requests that may go out back to back after a quiet spell; default 1 (evenly spaced). */
  burst?: number;
}

export interface HttpJsonClientOptions {
  auth: HttpAuth;
  retries: RetryOptions;
  timeoutMs: number;
  rateLimit: RateLimitOptions | null;
  clock: Clock;
  /**
   * Bytes of one response body (the source's `maxFileBytes`): a larger answer is not read on (a
   * Content-Length over it is refused before the body; a body that grows past it is cancelled).
   * Default: none.
   */
  maxBodyBytes?: number;
}

export type JsonResult =
  | { kind: 'json'; status: number; body: unknown }
  /** A 2xx whose body is not JSON (a proxy's HTML page, a truncated answer). */
  | { kind: 'not-json'; status: number }
  /** A final answer that is not a success: a 4xx other than 429, or a redirect. Detail is redacted. */
  | { kind: 'refused'; status: number; detail: string }
  /** A body over `maxBodyBytes`; `bytes`: what the server announced or what was read when it was cut. */
  | { kind: 'too-large'; status: number; bytes: number; max: number };

/**
 * A request that failed for good: retries exhausted, or a token refused. `authRefused` marks a
 * failure every later request would share, so the caller stops the whole pull, not one resource.
 */
export class HttpSourceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly authRefused = false,
  ) {
    super(message);
    this.name = 'HttpSourceError';
  }
}

/** A failure worth another attempt; `retryAfterMs` is the server's own wish (429, 503). */
class TransientError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

interface RawResponse {
  status: number;
  text: string;
  location: string | null;
  /** Set when the body was over `maxBodyBytes` and not read whole (`text` is then empty). */
  tooLarge?: number;
}

/**
 * The body as text, or the bytes that prove it over `max`: the Content-Length when the server
 * announces it, else what was read when the running count passed it. Never more than `max` bytes
 * (plus one chunk) are held.
 */
async function boundedText(res: Response, max: number): Promise<{ text: string } | { tooLarge: number }> {
  if (max === Number.POSITIVE_INFINITY || res.body === null) return { text: await res.text() };
  const announced = Number(res.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > max) {
    await res.body.cancel().catch(() => undefined);
    return { tooLarge: announced };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel().catch(() => undefined);
      return { tooLarge: bytes };
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join('') };
}

interface CachedToken {
  value: string;
  /** Null when the server gave no lifetime: used until it is refused. */
  refreshAt: number | null;
}

const MAX_DETAIL = 200;

export class HttpJsonClient {
  private readonly secrets = new Set<string>();
  private readonly bucket: TokenBucket | null;
  private token: CachedToken | null = null;
  /** One token request at a time, whoever asks. */
  private pendingToken: Promise<CachedToken> | null = null;

  private get maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  }

  constructor(private readonly options: HttpJsonClientOptions) {
    const { auth, retries, timeoutMs, rateLimit } = options;
    if (!Number.isInteger(retries.attempts) || retries.attempts < 1)
      throw new Error('http-json: retries.attempts must be an integer ≥ 1');
    if (!(retries.minTimeoutMs >= 0) || !(retries.maxTimeoutMs >= retries.minTimeoutMs)) {
      throw new Error('http-json: retries needs 0 ≤ minTimeoutMs ≤ maxTimeoutMs');
    }
    if (!(timeoutMs > 0)) throw new Error('http-json: timeoutMs must be positive');
    if (auth.type === 'api-key') {
      if (!auth.header || !auth.value) throw new Error('http-json: auth api-key needs a header and a value');
      this.addSecret(auth.value);
    } else if (auth.type === 'oauth2-client-credentials') {
      if (!auth.tokenUrl || !auth.clientId || !auth.clientSecret) {
        throw new Error(
          'http-json: auth oauth2-client-credentials needs tokenUrl, clientId and clientSecret',
        );
      }
      this.addSecret(auth.clientSecret);
      this.addSecret(basicCredentials(auth.clientId, auth.clientSecret));
    }
    this.bucket = rateLimit
      ? new TokenBucket(rateLimit.requestsPerSecond, rateLimit.burst ?? 1, options.clock)
      : null;
  }

  /** `text` with every secret this client knows replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  /**
   * GET `url` as JSON. A 401 under OAuth2 is answered once with a fresh token: tokens are revoked
   * or expire early (a gateway restart) more often than credentials change.
   */
  async getJson(url: string, signal?: AbortSignal): Promise<JsonResult> {
    let refreshed = false;
    for (;;) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(await this.authHeaders(signal)),
      };
      const res = await this.send('GET', url, headers, undefined, signal);
      if (res.tooLarge !== undefined) {
        return { kind: 'too-large', status: res.status, bytes: res.tooLarge, max: this.maxBodyBytes };
      }
      if (res.status === 401 && this.options.auth.type === 'oauth2-client-credentials' && !refreshed) {
        this.token = null;
        refreshed = true;
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        try {
          return { kind: 'json', status: res.status, body: JSON.parse(res.text) as unknown };
        } catch {
          return { kind: 'not-json', status: res.status };
        }
      }
      const detail = res.status >= 300 && res.status < 400 ? `→ ${res.location ?? '?'}` : res.text;
      return { kind: 'refused', status: res.status, detail: this.shorten(detail) };
    }
  }

  private async authHeaders(signal?: AbortSignal): Promise<Record<string, string>> {
    const auth = this.options.auth;
    if (auth.type === 'api-key') return { [auth.header]: auth.value };
    if (auth.type === 'none') return {};
    const token = await this.currentToken(signal);
    return { authorization: `Bearer ${token.value}` };
  }

  private async currentToken(signal?: AbortSignal): Promise<CachedToken> {
    const cached = this.token;
    if (cached && (cached.refreshAt === null || this.options.clock.now() < cached.refreshAt)) return cached;
    this.pendingToken ??= this.requestToken(signal).finally(() => (this.pendingToken = null));
    this.token = await this.pendingToken;
    return this.token;
  }

  private async requestToken(signal?: AbortSignal): Promise<CachedToken> {
    const auth = this.options.auth;
    if (auth.type !== 'oauth2-client-credentials') throw new Error('http-json: no OAuth2 configuration');
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) form.set('scope', auth.scope);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    if ((auth.clientAuth ?? 'basic') === 'basic')
      headers.authorization = `Basic ${basicCredentials(auth.clientId, auth.clientSecret)}`;
    else {
      form.set('client_id', auth.clientId);
      form.set('client_secret', auth.clientSecret);
    }
    const requestedAt = this.options.clock.now();
    const res = await this.send('POST', auth.tokenUrl, headers, form.toString(), signal);
    const where = describeUrl(auth.tokenUrl);
    if (res.status < 200 || res.status >= 300) {
      throw new HttpSourceError(
        this.redact(
          `token request to ${where} refused: HTTP ${res.status} ${this.shorten(oauthError(res.text))}`.trim(),
        ),
        res.status,
        true,
      );
    }
    const body = parseTokenAnswer(res.text);
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new HttpSourceError(
        `token request to ${where}: the answer has no access_token`,
        res.status,
        true,
      );
    }
    this.addSecret(body.access_token);
    const lifetimeMs =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : null;
    // Renew a little early — a tenth of the lifetime, at most a minute — so a token does not
    // expire between the check and the server reading it.
    const margin = lifetimeMs === null ? 0 : Math.min(60_000, lifetimeMs / 10);
    return {
      value: body.access_token,
      refreshAt: lifetimeMs === null ? null : requestedAt + lifetimeMs - margin,
    };
  }

  /** One request with pacing, a timeout per attempt, and retries of what may pass next time. */
  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal?: AbortSignal,
  ): Promise<RawResponse> {
    const { retries, timeoutMs, clock } = this.options;
    const attempt = async (): Promise<RawResponse> => {
      await this.bucket?.take(signal);
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
      try {
        const res = await fetch(url, { method, headers, body, signal: combined, redirect: 'manual' });
        // The body is read under the same timeout: a server that stalls mid-answer is as stuck
        // as one that never answers.
        const read = await boundedText(res, this.maxBodyBytes);
        const text = 'text' in read ? read.text : '';
        if (res.status >= 500 || res.status === 429) {
          throw new TransientError(
            `HTTP ${res.status}`,
            res.status,
            retryAfterMs(res.headers.get('retry-after'), clock.now()),
          );
        }
        return {
          status: res.status,
          text,
          location: res.headers.get('location'),
          ...('tooLarge' in read ? { tooLarge: read.tooLarge } : {}),
        };
      } catch (error) {
        if (error instanceof TransientError) throw error;
        if (signal?.aborted)
          throw new AbortError(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        if (timeout.signal.aborted) throw new TransientError(`no answer within ${timeoutMs} ms`, null, null);
        throw new TransientError(`network error (${networkCode(error)})`, null, null);
      } finally {
        clearTimeout(timer);
      }
    };
    try {
      return await pRetry(attempt, {
        retries: retries.attempts - 1,
        minTimeout: retries.minTimeoutMs,
        maxTimeout: retries.maxTimeoutMs,
        factor: 2,
        signal,
        shouldRetry: ({ error }) => error instanceof TransientError,
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (!(error instanceof TransientError) || error.retryAfterMs === null || retriesLeft === 0) return;
          // Waiting less than the server asked only earns another 429; waiting longer than the
          // configured maximum would hold the sync for as long as any server cares to say.
          if (error.retryAfterMs > retries.maxTimeoutMs) {
            throw new HttpSourceError(
              this.redact(
                `${method} ${describeUrl(url)}: ${error.message}, the server asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s, ` +
                  `more than retries.maxTimeoutMs (${retries.maxTimeoutMs} ms)`,
              ),
              null,
            );
          }
          await clock.sleep(error.retryAfterMs, signal);
        },
      });
    } catch (error) {
      if (error instanceof TransientError) {
        throw new HttpSourceError(
          this.redact(`${method} ${describeUrl(url)}: ${error.message} after ${retries.attempts} attempt(s)`),
          error.status,
        );
      }
      throw error;
    }
  }

  private addSecret(secret: string): void {
    // Very short values would turn ordinary words into `***` and protect nothing.
    if (secret.length < 4) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
  }

  private shorten(text: string): string {
    const oneLine = this.redact(text).replace(/\s+/g, ' ').trim();
    return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}…` : oneLine;
  }
}

function parseTokenAnswer(text: string): { access_token?: unknown; expires_in?: unknown } | null {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? body : null;
  } catch {
    return null;
  }
}

function basicCredentials(clientId: string, clientSecret: string): string {
  // RFC 6749 §2.3.1: form-encode each part before joining them for Basic.
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64');
}

/** `error` and `error_description` of an RFC 6749 error answer, or the text itself. */
function oauthError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') {
      return typeof body.error_description === 'string'
        ? `${body.error}: ${body.error_description}`
        : body.error;
    }
  } catch {
    // Not JSON: the text is what there is.
  }
  return text;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** A URL for messages: user info (`https://user:pass@host`) removed. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
