/**
 * Browser sessions, one-time sign-in links and granted access roles (issue 14). The cookie's value
 * and the link's secret exist only in the browser and the mail: the database keeps their SHA-256,
 * so a copy of it signs nobody in. Every instant comes from the caller (the app's clock).
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { rowsOf } from '../database/query-rows.js';
import { hashToken } from './token-store.js';

export interface SessionRecord {
  id: string;
  csrfToken: string;
  /** One of the access roles; access checks it, the store keeps the word. */
  role: string;
  personId: string;
  unitId: string | null;
  label: string;
  via: 'link' | 'oidc';
  idToken: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Whether the person is still active in the document system's data (false: left, or gone). */
  personActive: boolean;
}

export interface NewSession {
  role: string;
  personId: string;
  unitId: string | null;
  label: string;
  via: 'link' | 'oidc';
  idToken: string | null;
  at: number;
  expiresAt: number;
}

/** A person as sign-in sees her: who she is, where she works, what she does. */
export interface SignInPerson {
  id: string;
  name: string | null;
  unitId: string;
  /** Her post (`JobRole`), as the document system gave it. */
  jobRole: string | null;
  email: string | null;
  active: boolean;
  /** The units whose head she is, by id. */
  headOf: string[];
  /** Access roles granted to her by an administrator. */
  grants: string[];
}

export interface GrantRecord {
  personId: string;
  role: string;
  grantedBy: string;
  grantedAt: string;
}

/** 32 random bytes, base64url: 256 bits. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const newSecret = () => randomBytes(32).toString('base64url');

interface SessionRow {
  id: string;
  csrf_token: string;
  role: string;
  person_id: string;
  unit_id: string | null;
  label: string;
  via: 'link' | 'oidc';
  id_token: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  person_active?: boolean | null;
}

function session(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    csrfToken: r.csrf_token,
    role: r.role,
    personId: r.person_id,
    unitId: r.unit_id,
    label: r.label,
    via: r.via,
    idToken: r.id_token,
    createdAt: r.created_at.getTime(),
    lastSeenAt: r.last_seen_at.getTime(),
    expiresAt: r.expires_at.getTime(),
    personActive: r.person_active !== false && r.person_active !== null,
  };
}

export type LinkUse =
  | { kind: 'ok'; personId: string }
  | { kind: 'unknown' }
  | { kind: 'used'; usedAt: number }
  | { kind: 'expired'; expiredAt: number };

export class SessionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new session; returns it with the cookie's value, which is not stored. */
  async create(s: NewSession): Promise<{ secret: string; session: SessionRecord }> {
    const secret = newSecret();
    const rows = rowsOf<SessionRow>(
      await this.dataSource.query(
        `INSERT INTO sessions (session_hash, csrf_token, role, person_id, unit_id, label, via, id_token,
                               created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING *`,
        [
          hashToken(secret),
          newSecret(),
          s.role,
          s.personId,
          s.unitId,
          s.label,
          s.via,
          s.idToken,
          new Date(s.at),
          new Date(s.expiresAt),
        ],
      ),
    );
    return { secret, session: session(rows[0]) };
  }

  /** The session behind a cookie's value, expired or not; null when there is none. */
  async find(secret: string): Promise<SessionRecord | null> {
    if (!SECRET.test(secret)) return null;
    const rows = (await this.dataSource.query(
      `SELECT s.*, p.active AS person_active FROM sessions s LEFT JOIN people p ON p.id = s.person_id
       WHERE s.session_hash = $1`,
      [hashToken(secret)],
    )) as SessionRow[];
    return rows.length === 0 ? null : session(rows[0]);
  }

  async touch(id: string, at: number): Promise<void> {
    await this.dataSource.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [
      id,
      new Date(at),
    ]);
  }

  /** Ends a session; the ended row is gone (nothing about it is needed afterwards). */
  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  /** Removes sessions past their end or idle too long; returns how many. */
  async deleteExpired(now: number, idleMs: number): Promise<number> {
    const rows = rowsOf(
      await this.dataSource.query(
        'DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2 RETURNING id',
        [new Date(now), new Date(now - idleMs)],
      ),
    );
    return rows.length;
  }

  /**
   * Forgets what can no longer be used: sessions past their end or idle too long, and links
   * expired over a day ago (a day is kept so a late click is still told the link was used or expired).
   */
  async prune(now: number, idleMs: number): Promise<void> {
    await this.deleteExpired(now, idleMs);
    await this.dataSource.query('DELETE FROM sign_in_links WHERE expires_at < $1', [
      new Date(now - 24 * 3_600_000),
    ]);
  }

  /** Ends every session of a person (her access changed); returns how many. */
  async deleteForPerson(personId: string): Promise<number> {
    const rows = rowsOf(
      await this.dataSource.query('DELETE FROM sessions WHERE person_id = $1 RETURNING id', [personId]),
    );
    return rows.length;
  }

  /** Stores a one-time link for a person; returns its secret, which is not stored. */
  async createLink(link: {
    personId: string;
    sentTo: string | null;
    createdBy: string;
    at: number;
    expiresAt: number;
  }): Promise<string> {
    const secret = newSecret();
    await this.dataSource.query(
      `INSERT INTO sign_in_links (token_hash, person_id, sent_to, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        hashToken(secret),
        link.personId,
        link.sentTo,
        link.createdBy,
        new Date(link.at),
        new Date(link.expiresAt),
      ],
    );
    return secret;
  }

  /** How many links were made for a person since an instant (a mailbox is not flooded). */
  async linksSince(personId: string, since: number): Promise<number> {
    const rows = (await this.dataSource.query(
      'SELECT count(*)::int AS n FROM sign_in_links WHERE person_id = $1 AND created_at > $2',
      [personId, new Date(since)],
    )) as { n: number }[];
    return rows[0].n;
  }

  /**
   * Uses a link: marks it used when it is standing, in one statement, so two clicks at once
   * cannot both sign in. Otherwise says why it cannot be used.
   */
  async useLink(secret: string, now: number): Promise<LinkUse> {
    if (!SECRET.test(secret)) return { kind: 'unknown' };
    const hash = hashToken(secret);
    const used = rowsOf<{ person_id: string }>(
      await this.dataSource.query(
        `UPDATE sign_in_links SET used_at = $2
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING person_id`,
        [hash, new Date(now)],
      ),
    );
    if (used.length > 0) return { kind: 'ok', personId: used[0].person_id };
    const rows = (await this.dataSource.query(
      'SELECT used_at, expires_at FROM sign_in_links WHERE token_hash = $1',
      [hash],
    )) as { used_at: Date | null; expires_at: Date }[];
    if (rows.length === 0) return { kind: 'unknown' };
    if (rows[0].used_at !== null) return { kind: 'used', usedAt: rows[0].used_at.getTime() };
    return { kind: 'expired', expiredAt: rows[0].expires_at.getTime() };
  }

  /** A person by id, with the units she heads and her grants; null when unknown. */
  async person(id: string): Promise<SignInPerson | null> {
    return (await this.people('p.id = $1', [id]))[0] ?? null;
  }

  /** The people whose address is this one (case aside). */
  async peopleByEmail(address: string): Promise<SignInPerson[]> {
    return this.people('lower(p.email) = lower($1)', [address.trim()]);
  }

  private async people(where: string, params: unknown[]): Promise<SignInPerson[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.id, p.name, p.unit_id, p.role, p.email, p.active,
              coalesce((SELECT array_agg(u.id ORDER BY u.id) FROM units u WHERE u.head_id = p.id), '{}') AS head_of,
              coalesce((SELECT array_agg(g.role ORDER BY g.role) FROM access_grants g WHERE g.person_id = p.id), '{}') AS grants
       FROM people p WHERE ${where} ORDER BY p.id`,
      params,
    )) as {
      id: string;
      name: string | null;
      unit_id: string;
      role: string | null;
      email: string | null;
      active: boolean;
      head_of: string[];
      grants: string[];
    }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      unitId: r.unit_id,
      jobRole: r.role,
      email: r.email,
      active: r.active,
      headOf: r.head_of,
      grants: r.grants,
    }));
  }

  /** Grants a role; false when she had it already. */
  async grant(personId: string, role: string, by: string, at: number): Promise<boolean> {
    const rows = rowsOf(
      await this.dataSource.query(
        `INSERT INTO access_grants (person_id, role, granted_by, granted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING person_id`,
        [personId, role, by, new Date(at)],
      ),
    );
    return rows.length > 0;
  }

  /** Takes a granted role back; false when she did not have it. */
  async revokeGrant(personId: string, role: string): Promise<boolean> {
    const rows = rowsOf(
      await this.dataSource.query(
        'DELETE FROM access_grants WHERE person_id = $1 AND role = $2 RETURNING person_id',
        [personId, role],
      ),
    );
    return rows.length > 0;
  }

  async grants(): Promise<GrantRecord[]> {
    const rows = (await this.dataSource.query('SELECT * FROM access_grants ORDER BY person_id, role')) as {
      person_id: string;
      role: string;
      granted_by: string;
      granted_at: Date;
    }[];
    return rows.map((r) => ({
      personId: r.person_id,
      role: r.role,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at.toISOString(),
    }));
  }
}
