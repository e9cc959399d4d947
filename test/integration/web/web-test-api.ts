/**
 * The web pages' test setup, shared: the web bundle imported into a fresh database as of Wednesday
 * 8 May 2024 17:00, the API started on it, a bearer token per role asked for, and page requests
 * (GET, and form POSTs without following redirects) that record every status they get.
 */
import { expect } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';
import { webBundle } from './web-bundle.js';

export const WEB_AS_OF = '2024-05-08T17:00:00+07:00';

export type WebWho = 'admin' | 'council' | 'leader' | 'headVP' | 'headBCVT' | 'staffCV1' | 'staffCV2';

const TOKENS: Record<WebWho, Parameters<typeof createToken>[1]> = {
  admin: { role: 'admin', label: 'Quản trị' },
  council: { role: 'council', label: 'Hội đồng thi đua' },
  leader: { role: 'leader', person: 'GD' },
  headVP: { role: 'unit_head', person: 'TP1' },
  headBCVT: { role: 'unit_head', person: 'TP2' },
  staffCV1: { role: 'staff', person: 'CV1' },
  staffCV2: { role: 'staff', person: 'CV2' },
};

export interface WebTestApi<W extends WebWho> {
  db: TestDatabase;
  api: RunningApi;
  tokens: Record<W, string>;
  get(
    path: string,
    who: W,
    headers?: Record<string, string>,
  ): Promise<{ status: number; html: string; headers: Headers }>;
  post(
    path: string,
    who: W,
    fields: Record<string, string>,
  ): Promise<{ status: number; html: string; location: string | null }>;
  close(): Promise<void>;
}

/** `who`: the roles given a token, in this order; `statuses` collects every page's status. */
export async function openWebTestApi<W extends WebWho>(
  name: string,
  who: readonly W[],
  statuses: number[],
): Promise<WebTestApi<W>> {
  const db = await createTestDatabase();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: db.url,
    DUNGHAN_WORKER_NAME: name,
    DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), `dunghan-${name}-`)),
    DUNGHAN_CLOCK: WEB_AS_OF,
    HOST: '127.0.0.1',
    PORT: '0',
  };
  const imported = await capture((io) => runImport({ bundle: [webBundle()], asOf: WEB_AS_OF }, io), env);
  expect(imported.code).toBe(0);
  const api = await bootstrapApi({ env, logger: false });
  const tokens = {} as Record<W, string>;
  for (const w of who) tokens[w] = (await createToken(api.app, TOKENS[w])).token;
  return {
    db,
    api,
    tokens,
    async get(path, w, headers = {}) {
      const res = await fetch(api.url + path, {
        headers: { authorization: `Bearer ${tokens[w]}`, ...headers },
      });
      statuses.push(res.status);
      return { status: res.status, html: await res.text(), headers: res.headers };
    },
    async post(path, w, fields) {
      const res = await fetch(api.url + path, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          authorization: `Bearer ${tokens[w]}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      });
      statuses.push(res.status);
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    },
    async close() {
      await api.close();
      await db.drop();
    },
  };
}
