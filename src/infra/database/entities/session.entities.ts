/**
 * Signing in to the web pages (issue 14): browser sessions, one-time sign-in links sent by mail,
 * and the access roles an administrator grants to a person on top of what her post gives her.
 * Secrets (the session cookie, the link) are kept only as their SHA-256, like API tokens.
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sessions')
@Index('sessions_hash_key', ['sessionHash'], { unique: true })
@Index('sessions_person_idx', ['personId'])
export class SessionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  /** `sha256:<hex>` of the cookie's value. */
  @Column('text', { name: 'session_hash' }) sessionHash!: string;
  /** What every change made in this session must carry (form field `_csrf`, header `X-CSRF-Token`). */
  @Column('text', { name: 'csrf_token' }) csrfToken!: string;
  /** The access role the person had when she signed in. */
  @Column('text') role!: string;
  @Column('text', { name: 'person_id' }) personId!: string;
  /** For `unit_head`: the unit she heads. */
  @Column('text', { name: 'unit_id', nullable: true }) unitId!: string | null;
  /** The person's name, for the audit log. */
  @Column('text') label!: string;
  /** `link` (a mailed or printed sign-in link) or `oidc` (the identity provider). */
  @Column('text') via!: string;
  /** The provider's ID token, sent back as `id_token_hint` when she signs out there too. */
  @Column('text', { name: 'id_token', nullable: true }) idToken!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt!: Date;
  /** The absolute end, however busy the session is. */
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}

@Entity('sign_in_links')
@Index('sign_in_links_hash_key', ['tokenHash'], { unique: true })
export class SignInLinkEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  @Column('text', { name: 'person_id' }) personId!: string;
  /** The address it was mailed to; null for a link printed by `dunghan login-link`. */
  @Column('text', { name: 'sent_to', nullable: true }) sentTo!: string | null;
  /** `mail` or `cli:<user>`. */
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  /** Set when the link is used: a link signs in once. */
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt!: Date | null;
}

/** An access role given to a person by an administrator (`dunghan access grant`). */
@Entity('access_grants')
export class AccessGrantEntity {
  @PrimaryColumn('text', { name: 'person_id' }) personId!: string;
  /** `admin`, `council` or `leader`. */
  @PrimaryColumn('text') role!: string;
  @Column('text', { name: 'granted_by' }) grantedBy!: string;
  @Column('timestamptz', { name: 'granted_at' }) grantedAt!: Date;
}
