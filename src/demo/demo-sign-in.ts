/**
 * The demo's sign-in links, one per role of the sample agency, so a newcomer can click through
 * each role's pages in a minute. The posts give the leader, a unit head and a drafter; the
 * administrator and the emulation council are granted, as an agency's administrator would
 * (`dunghan access grant`): the first is an IT officer, the second a deputy director.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { makeLoginLink } from '../cli/access.command.js';
import type { Person } from '../domain/model.js';
import { isOfficialAddress } from '../domain/rules/official-mailbox.rule.js';
import type { DomainConfig } from '../config/domain-config.loader.js';
import { ObligationStore } from '../infra/store/obligation-store.js';
import { SessionStore } from '../infra/store/session-store.js';
import type { AccessRole } from '../modules/access/roles.js';
import { DOMAIN_CONFIG } from '../modules/core/core.tokens.js';
import { Clock } from '../modules/core/clock.js';

export interface DemoSignInLink {
  role: AccessRole;
  personId: string;
  name: string;
  unitId: string | null;
  url: string;
}

/** Picks one person per role, grants admin and council, and makes a link each, on `baseUrl`. */
export async function demoSignInLinks(
  app: INestApplicationContext,
  baseUrl: string,
): Promise<DemoSignInLink[]> {
  const { people, units } = await app.get(ObligationStore).loadDataset();
  const domain = app.get<DomainConfig>(DOMAIN_CONFIG).settings.officialDomain;
  const byId = (a: Person, b: Person) => (a.id < b.id ? -1 : 1);
  // Everyone in the demo signs in by a link mailed to the official address: pick people who have one.
  const usable = [...people.values()]
    .filter((p) => p.active && isOfficialAddress(p.email, domain))
    .sort(byId);
  const sortedUnits = [...units.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const leadership = sortedUnits.find((u) => u.parentId === null);
  const leader = usable.find((p) => p.role === 'leader');
  const deputyDirector = usable.find((p) => p.role === 'deputy_head' && p.unitId === leadership?.id);
  const it = sortedUnits.find((u) => /công nghệ thông tin/i.test(u.name)) ?? sortedUnits.at(-1);
  const itOfficer = usable.find((p) => p.role === 'staff' && p.unitId === it?.id);
  const headed = sortedUnits.find(
    (u) => u !== leadership && u.headId !== null && people.get(u.headId)?.active,
  );
  const unitHead = headed === undefined ? undefined : people.get(headed.headId!);
  const drafter = usable.find((p) => p.role === 'staff' && p.unitId === headed?.id);

  const store = app.get(SessionStore);
  const now = app.get(Clock).now();
  const chosen: [AccessRole, Person | undefined][] = [
    ['admin', itOfficer],
    ['council', deputyDirector],
    ['leader', leader],
    ['unit_head', unitHead],
    ['staff', drafter],
  ];
  const links: DemoSignInLink[] = [];
  for (const [role, person] of chosen) {
    if (person === undefined) continue;
    if (role === 'admin' || role === 'council') await store.grant(person.id, role, 'demo', now);
    const link = await makeLoginLink(app, person.id, 'demo');
    links.push({
      role: link.role as AccessRole,
      personId: person.id,
      name: person.name ?? person.id,
      unitId: link.unitId,
      url: baseUrl + new URL(link.url).pathname,
    });
  }
  return links;
}
