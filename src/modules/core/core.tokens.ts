/**
 * Injection tokens of the composition for what is not a class: the configuration objects and the
 * ports (queue, mailer). Stores and services are provided under their class.
 */
import type { AppConfig } from '../../config/app-config.js';

/** Every setting, validated once at start (`Settings`: environment, mail, reminders, domain). */
export const SETTINGS = Symbol('Settings');
/** The process settings read from the environment (`AppConfig`). */
export const APP_CONFIG = Symbol('AppConfig');
/** The domain configuration in force (`DomainConfig`): config/ files plus administrators' changes. */
export const DOMAIN_CONFIG = Symbol('DomainConfig');
/** `config/reminders.json`, validated (`ReminderSettings`). */
export const REMINDER_SETTINGS = Symbol('ReminderSettings');
/** The process's mail driver (`Mailer`): SMTP when SMTP_URL is set, else the file outbox. */
export const MAILER = Symbol('Mailer');
export const JOB_QUEUE = Symbol('JobQueue');
export const CORE_OPTIONS = Symbol('CoreOptions');

/** How a process builds its composition; every field has a production default. */
export interface CoreOptions {
  /** The environment the configuration is read from (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Settings that win over the environment (tests, the demo). */
  overrides?: Partial<AppConfig>;
  /** BullMQ key prefix (tests use a unique one); ignored without REDIS_URL. */
  queuePrefix?: string;
  /** First retry delay of a failed job; tests shorten it. */
  backoffMs?: number;
  /** False for the CLI: it enqueues nothing, so it opens no queue (and no Redis connection). */
  queue?: boolean;
  /** How long before a killed worker's job goes to another worker (BullMQ); tests shorten it. */
  queueLockMs?: number;
}
