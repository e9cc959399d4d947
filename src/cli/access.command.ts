/**
 * `dunghan login-link --person ID`: a one-time sign-in link, printed (the first administrator has
 * nobody to mail her one; tests and the demo need one). `dunghan access grant|revoke|list`: the
 * roles an administrator gives on top of a person's post — admin, council, leader. A change of
 * role ends the person's sessions, so the new role applies from her next sign-in.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { ACCESS_TEXT } from '../i18n/access-messages.js';
import { cliMessage } from '../i18n/cli-messages.js';
import { formatInstantLocal, formatStoredTime } from '../presentation/formats.js';
import { AuditStore } from '../infra/store/audit-store.js';
import { SessionStore } from '../infra/store/session-store.js';
import { changeGrant } from '../modules/access/grant-admin.js';
import { GRANTABLE } from '../modules/access/person-access.js';
import { PersonAccessError, SignInService } from '../modules/access/sign-in.service.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { cliActor } from './token.command.js';
import { withContext } from './with-application.js';

type Services = Pick<INestApplicationContext, 'get'>;

export interface PrintedLink {
  url: string;
  expiresAt: number;
  personId: string;
  name: string | null;
  role: string;
  unitId: string | null;
}

/** Makes a link for a person (throws PersonAccessError when she cannot sign in). */
export async function makeLoginLink(app: Services, personId: string, by = cliActor()): Promise<PrintedLink> {
  const signIn = app.get(SignInService);
  const made = await signIn.printLink(personId, by);
  const found = await signIn.access(personId);
  const unitId = found !== null && found.access.ok ? found.access.unitId : null;
  return {
    url: made.url,
    expiresAt: made.expiresAt,
    personId,
    name: made.person.name,
    role: made.role,
    unitId,
  };
}

/** The lines `dunghan login-link` prints: who, which role, until when, then the link alone. */
export function describeLink(link: PrintedLink, lang: Lang): string {
  const t = ACCESS_TEXT[lang];
  const who = link.name === null ? link.personId : `${link.name} (${link.personId})`;
  const roleName = `${t.role[link.role] ?? link.role} [${link.role}]`;
  const role = link.unitId === null ? roleName : t.roleUnit(roleName, link.unitId);
  return `${t.link(who, role, formatInstantLocal(link.expiresAt, lang))}\n${link.url}\n`;
}

function langOf(given: string | undefined, io: CliIo): Lang | null {
  if (given !== undefined && parseLang(given) === null) {
    io.stderr.write(cliMessage('langInvalid', 'vi', given) + '\n');
    return null;
  }
  return parseLang(given ?? io.env.DUNGHAN_LANG) ?? 'vi';
}

export async function runLoginLink(options: { person?: string; lang?: string }, io: CliIo): Promise<number> {
  const lang = langOf(options.lang, io);
  if (lang === null) return EXIT_USAGE;
  const t = ACCESS_TEXT[lang];
  if (options.person === undefined || options.person.trim() === '') {
    io.stderr.write(t.personMissing + '\n');
    return EXIT_USAGE;
  }
  const person = options.person.trim();
  return withContext(io, async (app) => {
    try {
      io.stdout.write(describeLink(await makeLoginLink(app, person), lang));
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof PersonAccessError)) throw error;
      io.stderr.write(
        (error.reason === 'unknown' ? t.personUnknown(person) : t.personInactive(person)) + '\n',
      );
      return EXIT_USAGE;
    }
  });
}

export interface AccessCommandOptions {
  action: 'grant' | 'revoke' | 'list';
  person?: string;
  role?: string;
  lang?: string;
}

export async function runAccess(options: AccessCommandOptions, io: CliIo): Promise<number> {
  const lang = langOf(options.lang, io);
  if (lang === null) return EXIT_USAGE;
  const t = ACCESS_TEXT[lang];
  if (options.action !== 'list') {
    if (options.person === undefined || options.person.trim() === '') {
      io.stderr.write(t.personMissing + '\n');
      return EXIT_USAGE;
    }
    if (!(GRANTABLE as readonly string[]).includes(options.role ?? '')) {
      io.stderr.write(t.grantRole(options.role ?? '', GRANTABLE.join(', ')) + '\n');
      return EXIT_USAGE;
    }
  }
  return withContext(io, async (app) => {
    const store = app.get(SessionStore);
    if (options.action === 'list') {
      const grants = await store.grants();
      if (grants.length === 0) io.stdout.write(t.noGrants + '\n');
      else io.stdout.write(t.grantsHeader + '\n');
      for (const g of grants)
        io.stdout.write(`${g.personId}\t${g.role}\t${g.grantedBy}\t${formatStoredTime(g.grantedAt)}\n`);
      return EXIT_OK;
    }
    const personId = options.person!.trim();
    const role = options.role!;
    const person = await store.person(personId);
    if (person === null) {
      io.stderr.write(t.personUnknown(personId) + '\n');
      return EXIT_USAGE;
    }
    const who = person.name === null ? personId : `${person.name} (${personId})`;
    const { changed, ended } = await changeGrant(
      { sessions: store, audit: app.get(AuditStore) },
      options.action,
      personId,
      role,
      cliActor(),
      Date.now(),
    );
    if (!changed) {
      io.stdout.write(
        (options.action === 'grant' ? t.alreadyGranted(who, role) : t.notGranted(who, role)) + '\n',
      );
      return EXIT_OK;
    }
    io.stdout.write(
      (options.action === 'grant' ? t.granted(who, role, ended) : t.revoked(who, role, ended)) + '\n',
    );
    return EXIT_OK;
  });
}
