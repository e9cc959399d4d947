/**
 * `dunghan token create|list|revoke`: the administrator's way to give people access to the API.
 * The secret is printed once; only its hash is kept.
 */
import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { AuditStore } from '../infra/store/audit-store.js';
import { TokenStore } from '../infra/store/token-store.js';
import type { CliIo } from './evaluate.command.js';
import { EXIT_OK, EXIT_USAGE } from './evaluate.command.js';
import { withContext } from './with-application.js';
import type { AccessRole } from '../modules/access/roles.js';
import { ROLES, isAccessRole } from '../modules/access/roles.js';

export class TokenRequestError extends Error {}

/** Where the token commands take their stores from: the CLI's composition, or a running API's. */
type Services = Pick<INestApplicationContext, 'get'>;

export interface CreateTokenOptions {
  role: string;
  person?: string;
  unit?: string;
  label?: string;
}

/** The administrator at the terminal, for the audit log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Checks who the token speaks for against the stored people and units: staff and unit heads need a
 * known person; a unit head's unit is the one she heads unless `--unit` names it.
 */
export async function createToken(
  app: Services,
  options: CreateTokenOptions,
): Promise<{ token: string; id: string; role: AccessRole; personId: string | null; unitId: string | null }> {
  const role = options.role;
  if (!isAccessRole(role)) throw new TokenRequestError(`--role: "${role}" is not one of ${ROLES.join(', ')}`);
  const personId = options.person ?? null;
  let unitId: string | null = null;
  if ((role === 'staff' || role === 'unit_head') && personId === null)
    throw new TokenRequestError(`--person: a ${role} token speaks for one person; give her id`);
  const tokens = app.get(TokenStore);
  if (personId !== null) {
    if (!(await tokens.personExists(personId)))
      throw new TokenRequestError(`--person: no person "${personId}" is stored (run a sync first?)`);
  }
  if (role === 'unit_head') {
    if (options.unit !== undefined) {
      if (!(await tokens.unitExists(options.unit)))
        throw new TokenRequestError(`--unit: no unit "${options.unit}" is stored`);
      unitId = options.unit;
    } else {
      const headed = await tokens.unitsHeadedBy(personId!);
      if (headed.length !== 1)
        throw new TokenRequestError(
          headed.length === 0
            ? `--person: "${personId}" heads no unit; name the unit with --unit`
            : `--person: "${personId}" heads ${headed.length} units; name one with --unit`,
        );
      unitId = headed[0];
    }
  } else if (options.unit !== undefined) {
    throw new TokenRequestError('--unit: only a unit_head token is tied to a unit');
  }
  const label = options.label ?? personId ?? role;
  const at = new Date();
  const { token, record } = await tokens.create({ role, personId, unitId, label, at });
  await app.get(AuditStore).append({
    at: at.getTime(),
    actor: cliActor(),
    action: 'token.create',
    target: `token:${record.id}`,
    reason: null,
    after: { role, personId, unitId, label },
  });
  return { token, id: record.id, role, personId, unitId };
}

export async function revokeToken(app: Services, id: string): Promise<boolean> {
  const at = new Date();
  const revoked = await app.get(TokenStore).revoke(id, at);
  if (revoked)
    await app.get(AuditStore).append({
      at: at.getTime(),
      actor: cliActor(),
      action: 'token.revoke',
      target: `token:${id}`,
      reason: null,
    });
  return revoked;
}

export function listTokens(app: Services) {
  return app.get(TokenStore).list();
}

export interface TokenCommandOptions extends Partial<CreateTokenOptions> {
  action: 'create' | 'list' | 'revoke';
  id?: string;
}

export async function runToken(options: TokenCommandOptions, io: CliIo): Promise<number> {
  return withContext(io, async (app) => {
    if (options.action === 'list') {
      for (const t of await listTokens(app)) {
        io.stdout.write(
          `${t.id}\t${t.role}\t${t.personId ?? '—'}\t${t.unitId ?? '—'}\t${t.label}\t${t.prefix}…\t` +
            `${t.revokedAt === null ? 'active' : `revoked ${t.revokedAt}`}\tlast used ${t.lastUsedAt ?? '—'}\n`,
        );
      }
      return EXIT_OK;
    }
    if (options.action === 'revoke') {
      if (options.id === undefined || !(await revokeToken(app, options.id))) {
        io.stderr.write(
          `Không có mã truy cập đang hiệu lực với số ${options.id ?? '?'} / No active token ${options.id ?? '?'}\n`,
        );
        return EXIT_USAGE;
      }
      io.stdout.write(`Đã thu hồi mã truy cập ${options.id} / token ${options.id} revoked\n`);
      return EXIT_OK;
    }
    try {
      const made = await createToken(app, { role: options.role ?? '', ...options });
      io.stdout.write(
        `${made.token}\n` +
          `# Mã truy cập ${made.id} (${made.role}${made.personId === null ? '' : `, ${made.personId}`}` +
          `${made.unitId === null ? '' : `, đơn vị ${made.unitId}`}). Chỉ hiện một lần: hãy lưu lại ngay.\n` +
          `# Token ${made.id}: shown once, store it now. Use: Authorization: Bearer <token>\n`,
      );
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      io.stderr.write(`${error.message}\n`);
      return EXIT_USAGE;
    }
  });
}
