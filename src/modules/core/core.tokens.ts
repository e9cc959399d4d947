/**
 * Injection tokens of the composition root. The AppContext and the queue are plain objects built
 * outside Nest (the CLI uses them without it), so they are provided by token, not by class.
 */
import type { AppConfig } from '../../config/app-config.js';

export const APP_CONTEXT = Symbol('AppContext');
export const JOB_QUEUE = Symbol('JobQueue');
export const CORE_OPTIONS = Symbol('CoreOptions');

/** How a process builds its context and queue; every field has a production default. */
export interface CoreOptions {
  /** The environment the configuration is read from (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Settings that win over the environment (tests, the demo). */
  overrides?: Partial<AppConfig>;
  /** BullMQ key prefix (tests use a unique one); ignored without REDIS_URL. */
  queuePrefix?: string;
  /** First retry delay of a failed job; tests shorten it. */
  backoffMs?: number;
  /** How long before a killed worker's job goes to another worker (BullMQ); tests shorten it. */
  queueLockMs?: number;
}
