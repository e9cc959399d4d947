/**
 * The process's configuration from the environment, validated once at boot; nothing else reads
 * `process.env`. Every variable is optional: without DATABASE_URL the data lives in PGlite under
 * the data folder, without REDIS_URL jobs run in-process, without SMTP_URL mail goes to a file outbox.
 */
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { parseInstant } from '../domain/time.js';
import { EnvError } from './env-error.js';
import type { SmtpSettings } from './mail.config.js';
import { parseSmtpUrl } from './mail.config.js';
import { defaultConfigDir, projectRoot } from './project-root.js';

export { EnvError } from './env-error.js';

export interface AppConfig {
  /** null: embedded PGlite. */
  databaseUrl: string | null;
  /** null: jobs run in-process. */
  redisUrl: string | null;
  /** Folder for embedded data, the demo inbox and the mail outbox. */
  dataDir: string;
  configDir: string;
  port: number;
  host: string;
  /** Who this process is, in sync runs' records. */
  worker: string;
  dbPoolSize: number;
  /**
   * DUNGHAN_CLOCK: an instant to use as "now" (for demos over past data and reproducible tests);
   * null: the real clock.
   */
  clock: number | null;
  /** DUNGHAN_RATE_LIMIT: API requests per minute per token (or per address without one). */
  rateLimitPerMinute: number;
  /**
   * TRUST_PROXY: which proxies in front of the API may say who the client is (X-Forwarded-For),
   * as Express's `trust proxy` takes it. `false` (the default): the client is the connection's
   * address. A number: that many proxies in front. A list of addresses or subnets (`10.0.0.5`,
   * `10.0.0.0/8`, `loopback`, `uniquelocal`): the proxies trusted. The rate limit counts
   * requests without a valid token per client address, so behind a proxy this must be set, or
   * every client is the proxy.
   */
  trustProxy: TrustProxy;
  /** LOG_LEVEL of the JSON logs: fatal, error, warn, info (default), debug, trace or silent. */
  logLevel: LogLevelName;
  /**
   * SMTP_URL, checked at start like every other variable (a mistake there would otherwise surface
   * only when the first mail job runs); null: mail goes to the file outbox.
   */
  smtp: SmtpSettings | null;
  /**
   * PUBLIC_URL: the workspace's address as people reach it (`https://dunghan.sotttt.gov.vn`), so
   * reminders and digests link each item to its page; null: no links in the mail.
   */
  publicUrl: string | null;
}

export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const value = env.TRUST_PROXY?.trim();
  if (value === undefined || value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return int(env, 'TRUST_PROXY', 0, 0, 20);
  const entries = value.split(',').map((e) => e.trim());
  const valid = (e: string) => {
    if (PROXY_NAMES.includes(e)) return true;
    const [address, bits, ...rest] = e.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
  };
  const wrong = entries.find((e) => !valid(e));
  if (wrong !== undefined)
    throw new EnvError(
      'TRUST_PROXY',
      `"${wrong}" không phải số proxy, địa chỉ IP, dải địa chỉ (10.0.0.0/8) hay loopback, linklocal, uniquelocal`,
      `"${wrong}" is not a number of proxies, an IP address, a subnet (10.0.0.0/8) or loopback, linklocal, uniquelocal`,
    );
  return entries;
}

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVEL_NAMES: readonly LogLevelName[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

function logLevel(env: NodeJS.ProcessEnv): LogLevelName {
  const value = env.LOG_LEVEL;
  if (value === undefined || value === '') return 'info';
  if (!(LOG_LEVEL_NAMES as readonly string[]).includes(value))
    throw new EnvError(
      'LOG_LEVEL',
      `phải là một trong ${LOG_LEVEL_NAMES.join(', ')}`,
      `must be one of ${LOG_LEVEL_NAMES.join(', ')}`,
    );
  return value as LogLevelName;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new EnvError(name, 'không phải một URL', 'is not a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    const schemes = protocols.map((p) => `${p}//`);
    throw new EnvError(
      name,
      `phải bắt đầu bằng ${schemes.join(' hoặc ')}`,
      `must start with ${schemes.join(' or ')}`,
    );
  }
  return value;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new EnvError(
      name,
      `phải là số nguyên từ ${min} đến ${max}`,
      `must be a whole number from ${min} to ${max}`,
    );
  return n;
}

function instant(env: NodeJS.ProcessEnv, name: string): number | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  const parsed = parseInstant(value);
  if (parsed === null)
    throw new EnvError(
      name,
      'phải là một thời điểm kèm độ lệch múi giờ, ví dụ 2025-06-30T17:00:00+07:00',
      'must be an instant with its offset, e.g. 2025-06-30T17:00:00+07:00',
    );
  return parsed;
}

function publicUrl(env: NodeJS.ProcessEnv): string | null {
  const value = env.PUBLIC_URL?.trim();
  if (value === undefined || value === '') return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(value);
  } catch {
    parsed = null;
  }
  if (
    parsed === null ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.search !== '' ||
    parsed.hash !== ''
  )
    throw new EnvError(
      'PUBLIC_URL',
      `"${value.slice(0, 80)}" không phải địa chỉ http(s) của trang, ví dụ https://dunghan.sotttt.gov.vn`,
      `"${value.slice(0, 80)}" is not the workspace's http(s) address, e.g. https://dunghan.sotttt.gov.vn`,
    );
  return parsed.href.replace(/\/+$/, '');
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dir = (name: string, fallback: string) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    return isAbsolute(value) ? value : resolve(value);
  };
  return {
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    dataDir: dir('DUNGHAN_DATA_DIR', join(projectRoot(), 'var')),
    configDir: dir('DUNGHAN_CONFIG_DIR', defaultConfigDir()),
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    worker:
      env.DUNGHAN_WORKER_NAME && env.DUNGHAN_WORKER_NAME !== '' ? env.DUNGHAN_WORKER_NAME : `${process.pid}`,
    dbPoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 2, 200),
    clock: instant(env, 'DUNGHAN_CLOCK'),
    rateLimitPerMinute: int(env, 'DUNGHAN_RATE_LIMIT', 600, 1, 10_000_000),
    trustProxy: trustProxy(env),
    logLevel: logLevel(env),
    smtp: env.SMTP_URL === undefined || env.SMTP_URL === '' ? null : parseSmtpUrl(env.SMTP_URL),
    publicUrl: publicUrl(env),
  };
}
