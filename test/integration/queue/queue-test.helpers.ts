/** Shared by the queue tests: a real Redis, a unique key prefix per test, a logger that records. */
import { describe, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SyncSourcePayload } from '../../../src/infra/queue/job-queue.port.js';
import { REDIS_STATE_VARIABLE, redisUrl } from '../support/test-services.js';

export const REDIS_URL = redisUrl();

/**
 * `describe` for a suite that needs Redis: skipped when the global setup found none answering
 * (it said so, loudly, once; under CI it failed the run instead).
 */
export const describeWithRedis = process.env[REDIS_STATE_VARIABLE] === 'skip' ? describe.skip : describe;

/** `it` for one test that needs Redis in a suite that otherwise does not. */
export const itWithRedis = process.env[REDIS_STATE_VARIABLE] === 'skip' ? it.skip : it;

/** A prefix no other test file (or earlier run) uses, so tests never see each other's jobs. */
export function uniquePrefix(): string {
  return `dunghan-test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under the prefix (queues, jobs, schedulers). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { connectTimeout: 10_000, maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

export interface RecordingLogger {
  warnings: string[];
  errors: string[];
  warn(message: string): void;
  error(message: string): void;
}

/** Keeps the expected retry warnings out of the test output and lets a test assert on them. */
export function recordingLogger(): RecordingLogger {
  const logger: RecordingLogger = {
    warnings: [],
    errors: [],
    warn: (message) => void logger.warnings.push(message),
    error: (message) => void logger.errors.push(message),
  };
  return logger;
}

export function syncPayload(runKey: string, source = 'ioffice'): SyncSourcePayload {
  return { source, trigger: 'manual', runKey };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
