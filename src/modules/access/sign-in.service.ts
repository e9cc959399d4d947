/**
 * Sessions and sign-in links (issue 14). A session is a row in Postgres behind an httpOnly cookie;
 * it ends when unused for the idle time, at its absolute end, or at sign-out. A link is one-time
 * and short-lived, and is mailed only to a person's address on the official domain — the address
 * the campaign itself counts as the official mailbox — so whoever holds that mailbox is who signs
 * in. Every instant comes from the app's clock (DUNGHAN_CLOCK in demos and tests).
 */
import type { Mailer } from '../../infra/mail/mailer.port.js';
import type { AuditStore } from '../../infra/store/audit-store.js';
import type { SessionRecord, SessionStore, SignInPerson } from '../../infra/store/session-store.js';
import type { SignInSettings } from '../../config/sign-in.config.js';
import { isOfficialAddress } from '../../domain/rules/official-mailbox.rule.js';
import { signInLinkMail } from '../../presentation/auth/sign-in-mail.js';
import type { PersonAccess } from './person-access.js';
import { accessOf } from './person-access.js';
import type { AccessRole, Principal } from './roles.js';
import { isAccessRole } from './roles.js';

/** last_seen_at is written at most this often per session: the idle time is exact to a minute. */
const TOUCH_EVERY_MS = 60_000;
/** At most this many links mailed to one person within a link's lifetime: the form cannot flood a mailbox. */
const MAILED_LINKS_MAX = 5;

export interface SignInDeps {
  store: SessionStore;
  audit: AuditStore;
  mailer: Mailer;
  settings: SignInSettings;
  officialDomain: string;
  now: () => number;
  /** Where a failed mail is reported (never the link itself). */
  warn: (message: string) => void;
}

export type LinkRefusal = 'unknown' | 'used' | 'expired' | 'inactive';

export type SessionCheck =
  { kind: 'ok'; session: SessionRecord; principal: Principal } | { kind: 'ended' } | { kind: 'unknown' };

export class PersonAccessError extends Error {
  constructor(
    readonly reason: 'unknown' | 'inactive',
    readonly personId: string,
  ) {
    super(`${personId}: ${reason}`);
  }
}

export function sessionPrincipal(s: SessionRecord): Principal | null {
  // A person signs in as a person: the integration role belongs to a sending system's token only.
  if (!isAccessRole(s.role) || s.role === 'integration') return null;
  return {
    tokenId: `session:${s.id}`,
    role: s.role,
    personId: s.personId,
    unitId: s.unitId,
    source: null,
    actor: `session:${s.id} (${s.role}, ${s.personId}) ${s.label}`,
  };
}

export class SignInService {
  constructor(private readonly deps: SignInDeps) {}

  get settings(): SignInSettings {
    return this.deps.settings;
  }

  now(): number {
    return this.deps.now();
  }

  /** The person and the role she signs in with; null when no such person. */
  async access(personId: string): Promise<{ person: SignInPerson; access: PersonAccess } | null> {
    const person = await this.deps.store.person(personId);
    return person === null ? null : { person, access: accessOf(person) };
  }

  /**
   * A link for `dunghan login-link`: printed, not mailed (the first administrator has no session
   * to ask from, and tests need one). Refuses a person who cannot sign in.
   */
  async printLink(
    personId: string,
    createdBy: string,
  ): Promise<{ url: string; expiresAt: number; person: SignInPerson; role: AccessRole }> {
    const found = await this.access(personId);
    if (found === null) throw new PersonAccessError('unknown', personId);
    if (!found.access.ok) throw new PersonAccessError('inactive', personId);
    const at = this.deps.now();
    const expiresAt = at + this.deps.settings.linkMs;
    const secret = await this.deps.store.createLink({ personId, sentTo: null, createdBy, at, expiresAt });
    await this.deps.audit.append({
      at,
      actor: createdBy,
      action: 'sign-in-link.create',
      target: `person:${personId}`,
      reason: null,
      after: { role: found.access.role, expiresAt: new Date(expiresAt).toISOString() },
    });
    return { url: this.linkUrl(secret), expiresAt, person: found.person, role: found.access.role };
  }

  /**
   * Someone typed an address into the sign-in form. A link is mailed only when exactly one active
   * person has this address and it is on the official domain; whoever asked is told the same
   * either way, and the answer does not wait for the mail (its timing would tell too).
   * Resolves to whether a mail was sent, for the caller's log and tests — never for the page.
   */
  async requestLink(address: string): Promise<boolean> {
    const typed = address.trim();
    if (!isOfficialAddress(typed, this.deps.officialDomain)) return false;
    const people = (await this.deps.store.peopleByEmail(typed)).filter((p) => accessOf(p).ok);
    if (people.length !== 1) return false;
    const person = people[0];
    // The stored address, not the typed one: the mail goes where the document system says.
    const to = person.email!;
    if (!isOfficialAddress(to, this.deps.officialDomain)) return false;
    const at = this.deps.now();
    if ((await this.deps.store.linksSince(person.id, at - this.deps.settings.linkMs)) >= MAILED_LINKS_MAX)
      return false;
    const expiresAt = at + this.deps.settings.linkMs;
    const secret = await this.deps.store.createLink({
      personId: person.id,
      sentTo: to,
      createdBy: 'mail',
      at,
      expiresAt,
    });
    const mail = signInLinkMail({
      to: { name: person.name ?? undefined, address: to },
      url: this.linkUrl(secret),
      expiresAt,
      minutes: Math.round(this.deps.settings.linkMs / 60_000),
    });
    this.deps.mailer.send(mail).catch((error: unknown) => {
      this.deps.warn(`sign-in link for person ${person.id} not sent: ${(error as Error).message}`);
    });
    return true;
  }

  /** Uses a link; on success a new session for its person. */
  async useLink(
    secret: string,
  ): Promise<{ kind: 'ok'; secret: string; session: SessionRecord } | { kind: LinkRefusal; at?: number }> {
    const now = this.deps.now();
    const used = await this.deps.store.useLink(secret, now);
    if (used.kind === 'used') return { kind: 'used', at: used.usedAt };
    if (used.kind === 'expired') return { kind: 'expired', at: used.expiredAt };
    if (used.kind === 'unknown') return { kind: 'unknown' };
    const found = await this.access(used.personId);
    if (found === null || !found.access.ok) return { kind: 'inactive' };
    return { kind: 'ok', ...(await this.start(found.person, found.access, 'link', null)) };
  }

  /** A new session for a person who proved who she is. */
  async start(
    person: SignInPerson,
    access: Extract<PersonAccess, { ok: true }>,
    via: 'link' | 'oidc',
    idToken: string | null,
  ): Promise<{ secret: string; session: SessionRecord }> {
    const at = this.deps.now();
    // Each sign-in clears away what has expired: the tables stay the size of who is signed in.
    await this.deps.store.prune(at, this.deps.settings.idleMs);
    return this.deps.store.create({
      role: access.role,
      personId: person.id,
      unitId: access.unitId,
      label: person.name ?? person.id,
      via,
      idToken,
      at,
      expiresAt: at + this.deps.settings.maxAgeMs,
    });
  }

  /** The session behind a cookie, if it is still standing; an ended one is removed. */
  async check(secret: string): Promise<SessionCheck> {
    const session = await this.deps.store.find(secret);
    if (session === null) return { kind: 'unknown' };
    const now = this.deps.now();
    const principal = sessionPrincipal(session);
    // A person the document system no longer lists as active is signed out at her next request.
    if (
      principal === null ||
      !session.personActive ||
      now >= session.expiresAt ||
      now - session.lastSeenAt >= this.deps.settings.idleMs
    ) {
      await this.deps.store.delete(session.id);
      return { kind: 'ended' };
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.deps.store.touch(session.id, now);
    return { kind: 'ok', session, principal };
  }

  async end(sessionId: string): Promise<void> {
    await this.deps.store.delete(sessionId);
  }

  /** How many seconds the cookie may live: until the session's absolute end. */
  cookieMaxAge(session: SessionRecord): number {
    return Math.max(0, Math.floor((session.expiresAt - this.deps.now()) / 1000));
  }

  private linkUrl(secret: string): string {
    return `${this.deps.settings.publicUrl}/auth/link/${secret}`;
  }
}
