/**
 * One retry policy for every mail driver: exponential backoff with jitter (p-retry) on failures
 * that may pass — a 4xx reply, a dropped connection, a server that is down — and none on a
 * permanent refusal (5xx), which the same message would get again, nor on a misconfigured
 * transport (credentials, TLS), which only an administrator can fix. Every attempt carries the same
 * Message-ID. An ambiguous failure (the server read the whole message, then the connection was lost
 * before its answer) is not retried either: the server may be delivering the message, and a server
 * that keeps doing this would get each message once per attempt. The caller leaves it for a later
 * run, which sends it again under the same Message-ID.
 */
import pRetry, { AbortError } from 'p-retry';
import type { Mailer, OutgoingMail, SentMail } from './mailer.port.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, minTimeoutMs: 2000, maxTimeoutMs: 60_000, factor: 2 };

/**
 * What a failed send means for the message:
 * - `refused`: the server refused this message for good (5xx but 503) — retrying gets the same;
 * - `setup`: the transport is misconfigured (credentials, TLS) — no retry helps until an
 *   administrator fixes it, and then the message should go;
 * - `transient`: a 4xx, a dropped connection, a server that is down — worth retrying;
 * - `ambiguous`: the connection was lost after the server read the whole message — it may have
 *   been accepted: not to be sent again at once (the driver says so, only it knows the stage).
 */
export type MailFailure = 'refused' | 'setup' | 'transient' | 'ambiguous';

const SETUP_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'ETLS', 'EREQUIRETLS']);

export function mailFailureOf(error: unknown): MailFailure {
  const e = error as {
    failure?: MailFailure;
    permanent?: boolean;
    responseCode?: number;
    code?: string;
  } | null;
  if (e === null || typeof e !== 'object') return 'transient';
  if (e.failure !== undefined) return e.failure;
  if (e.code !== undefined && SETUP_CODES.has(e.code)) return 'setup';
  if (e.permanent === true) return 'refused';
  if (e.permanent === false) return 'transient';
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode !== 503) return 'refused';
  return 'transient';
}

/** True when this message must not be sent again: the server refused it for good. */
export function isPermanentMailError(error: unknown): boolean {
  return mailFailureOf(error) === 'refused';
}

/** The error a send ends with, after the retries, with what the last attempt said. */
export class MailSendError extends Error {
  constructor(
    readonly messageId: string,
    readonly attempts: number,
    readonly failure: MailFailure,
    readonly lastError: unknown,
  ) {
    super(
      `${messageId}: ${failure === 'refused' ? 'refused' : failure === 'ambiguous' ? 'perhaps not sent (connection lost after the message was sent)' : 'not sent'} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ` +
        `${(lastError as Error)?.message ?? String(lastError)}`,
    );
  }
}

export interface RetryObserver {
  /** Called after every failed attempt that will be retried. */
  onRetry?(mail: OutgoingMail, attempt: number, error: unknown): void;
}

export class RetryingMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
    private readonly observer: RetryObserver = {},
  ) {}

  async send(mail: OutgoingMail): Promise<SentMail> {
    let attempts = 0;
    try {
      return await pRetry(
        async () => {
          attempts++;
          try {
            return await this.inner.send(mail);
          } catch (e) {
            // Retrying cannot help a refused message or a misconfigured transport, and may
            // duplicate one the server took without saying so.
            if (mailFailureOf(e) !== 'transient') throw new AbortError(e as Error);
            throw e instanceof Error ? e : new Error(String(e));
          }
        },
        {
          retries: this.policy.retries,
          factor: this.policy.factor,
          minTimeout: this.policy.minTimeoutMs,
          maxTimeout: this.policy.maxTimeoutMs,
          randomize: true,
          onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft > 0) this.observer.onRetry?.(mail, attemptNumber, error);
          },
        },
      );
    } catch (e) {
      throw new MailSendError(mail.messageId, attempts, mailFailureOf(e), e);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
