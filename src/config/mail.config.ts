/**
 * The mail transport from the environment, validated once: `SMTP_URL` set → SMTP through a
 * nodemailer pool; unset → the embedded default, a file outbox under the data folder.
 *
 *   smtp://user:pass@mail.hanam.gov.vn:587          STARTTLS when the server offers it
 *   smtps://user:pass@mail.hanam.gov.vn             implicit TLS (port 465)
 *   …?requireTLS=true                               refuse to send without STARTTLS
 *   …?rejectUnauthorized=false                      accept a self-signed certificate (internal servers)
 *   …?maxConnections=5&maxMessages=100              the pool's size and its connections' lifetime
 *
 * User and password are percent-decoded from the URL; they are never logged.
 */
import { join } from 'node:path';
import { EnvError } from './env-error.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (`smtps://`). */
  secure: boolean;
  requireTLS: boolean;
  rejectUnauthorized: boolean;
  auth: { user: string; pass: string } | null;
  maxConnections: number;
  maxMessages: number;
}

export interface MailSettings {
  /** null: the file outbox. */
  smtp: SmtpSettings | null;
  /** `<dataDir>/outbox`: where the file outbox writes `.eml` files. */
  outboxDir: string;
}

function flag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new EnvError('SMTP_URL', `${name} phải là true hoặc false`, `${name} must be true or false`);
}

function count(url: URL, name: string, fallback: number, max: number): number {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    throw new EnvError('SMTP_URL', `${name} phải từ 1 đến ${max}`, `${name} must be 1 to ${max}`);
  return n;
}

const KNOWN = new Set(['requireTLS', 'rejectUnauthorized', 'maxConnections', 'maxMessages']);

export function parseSmtpUrl(value: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EnvError(
      'SMTP_URL',
      'không phải một URL (smtp://user:pass@host:port hoặc smtps://…)',
      'is not a URL (smtp://user:pass@host:port or smtps://…)',
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new EnvError(
      'SMTP_URL',
      'phải bắt đầu bằng smtp:// hoặc smtps://',
      'must start with smtp:// or smtps://',
    );
  }
  if (url.hostname === '') throw new EnvError('SMTP_URL', 'thiếu tên máy chủ', 'names no host');
  for (const key of url.searchParams.keys()) {
    if (!KNOWN.has(key))
      throw new EnvError(
        'SMTP_URL',
        `không có tùy chọn ${key} (các tùy chọn: ${[...KNOWN].join(', ')})`,
        `unknown option ${key} (known: ${[...KNOWN].join(', ')})`,
      );
  }
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    // WHATWG URL keeps an IPv6 host in brackets; sockets want it bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: flag(url, 'requireTLS', false),
    rejectUnauthorized: flag(url, 'rejectUnauthorized', true),
    auth: user === '' ? null : { user, pass: decodeURIComponent(url.password) },
    maxConnections: count(url, 'maxConnections', 5, 100),
    maxMessages: count(url, 'maxMessages', 100, 100_000),
  };
}

export function loadMailSettings(env: NodeJS.ProcessEnv, dataDir: string): MailSettings {
  const value = env.SMTP_URL;
  return {
    smtp: value === undefined || value === '' ? null : parseSmtpUrl(value),
    outboxDir: join(dataDir, 'outbox'),
  };
}
