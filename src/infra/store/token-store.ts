/**
 * API tokens. The secret is made here, returned once and kept only as its SHA-256: a copy of the
 * database lets nobody call the API. A token is looked up by that hash, so checking one is a single
 * indexed read.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rowsOf } from '../database/query-rows.js';

export interface TokenRecord {
  id: string;
  /** One of the access roles (`modules/access/roles.ts`); access checks it, the store keeps the word. */
  role: string;
  personId: string | null;
  unitId: string | null;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** When it stops opening anything; null: never (only tokens written by hand). */
  expiresAt: string | null;
  /** The one source an `integration` token may feed; null: any. */
  source: string | null;
}

export interface NewToken {
  role: string;
  personId: string | null;
  unitId: string | null;
  label: string;
  at: Date;
  /** Default: `at` + DEFAULT_TOKEN_DAYS. */
  expiresAt?: Date;
  source?: string | null;
}

/** A new token's lifetime unless its maker says otherwise. */
export const DEFAULT_TOKEN_DAYS = 90;
const DAY_MS = 86_400_000;

/** `dh_` and 32 random bytes, base64url: 256 bits, nothing to guess. */
const TOKEN = /^dh_[A-Za-z0-9_-]{43}$/;

/** Whether the token no longer opens anything at `at`. */
export function isExpired(token: Pick<TokenRecord, 'expiresAt'>, at: Date): boolean {
  return token.expiresAt !== null && Date.parse(token.expiresAt) <= at.getTime();
}

export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

interface TokenRow {
  id: string;
  role: string;
  person_id: string | null;
  unit_id: string | null;
  label: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
  source: string | null;
}

function record(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    role: r.role,
    personId: r.person_id,
    unitId: r.unit_id,
    label: r.label,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
    source: r.source,
  };
}

export class TokenStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new token and returns it with its secret — the only time the secret exists. */
  async create(t: NewToken): Promise<{ token: string; record: TokenRecord }> {
    const token = `dh_${randomBytes(32).toString('base64url')}`;
    const expiresAt = t.expiresAt ?? new Date(t.at.getTime() + DEFAULT_TOKEN_DAYS * DAY_MS);
    const rows = rowsOf<TokenRow>(
      await this.dataSource.query(
        `INSERT INTO api_tokens (token_hash, prefix, role, person_id, unit_id, label, created_at, expires_at, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          hashToken(token),
          token.slice(0, 10),
          t.role,
          t.personId,
          t.unitId,
          t.label,
          t.at,
          expiresAt,
          t.source ?? null,
        ],
      ),
    );
    return { token, record: record(rows[0]) };
  }

  /**
   * The standing token with this secret, or null (unknown, malformed or revoked). An expired token
   * is returned: the caller refuses it and says why (`isExpired`).
   */
  async verify(token: string): Promise<TokenRecord | null> {
    if (!TOKEN.test(token)) return null;
    const rows = (await this.dataSource.query(
      'SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [hashToken(token)],
    )) as TokenRow[];
    return rows.length === 0 ? null : record(rows[0]);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.dataSource.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
  }

  async list(): Promise<TokenRecord[]> {
    const rows = (await this.dataSource.query('SELECT * FROM api_tokens ORDER BY id')) as TokenRow[];
    return rows.map(record);
  }

  async personExists(personId: string): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM people WHERE id = $1', [personId])) as unknown[];
    return rows.length > 0;
  }

  async unitExists(unitId: string): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM units WHERE id = $1', [unitId])) as unknown[];
    return rows.length > 0;
  }

  /** The ids of the units this person heads. */
  async unitsHeadedBy(personId: string): Promise<string[]> {
    const rows = (await this.dataSource.query('SELECT id FROM units WHERE head_id = $1 ORDER BY id', [
      personId,
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Revokes a standing token; false when there is none with this id. */
  async revoke(id: string, at: Date): Promise<boolean> {
    if (!/^[1-9]\d{0,17}$/.test(id)) return false;
    const rows = rowsOf(
      await this.dataSource.query(
        'UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [id, at],
      ),
    );
    return rows.length > 0;
  }
}
