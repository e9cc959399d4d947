/**
 * The OpenAPI description tells an integrator what each covered route answers, and it is true:
 * every covered route's success response has a schema in `/api/docs-json`, and the API's real
 * answers validate against it (so a field renamed in a store and not in its response class fails
 * here, not in a generated client).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

/** The routes whose answers are declared, with the status of their success. */
const COVERED = [
  ['get', '/health', '200'],
  ['get', '/api/obligations', '200'],
  ['get', '/api/obligations/{id}', '200'],
  ['get', '/api/scores', '200'],
  ['get', '/api/sources', '200'],
  ['post', '/api/sources/{name}/sync', '202'],
  ['get', '/api/runs', '200'],
  ['get', '/api/runs/{id}/rejections', '200'],
] as const;

type Schema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** OpenAPI 3.0's `nullable` as JSON Schema, so that ajv checks what the document means. */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, toJsonSchema(v)]));
  if (nullable !== true) return converted;
  if (Array.isArray(converted.enum)) converted.enum = [...(converted.enum as unknown[]), null];
  return { anyOf: [converted, { type: 'null' }] };
}

describe('OpenAPI: every covered route documents its answer, and the answer matches', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let doc: OpenApiDocument;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'dunghan-openapi-'));
    mkdirSync(join(dataDir, 'inbox'));
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'openapi-test',
      DUNGHAN_DATA_DIR: dataDir,
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    token = (await createToken(api.app, { role: 'admin', label: 'OpenAPI' })).token;
    doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  function schemaOf(method: string, path: string, status: string): Schema | undefined {
    return doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
  }

  function validator(method: string, path: string, status: string) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv.compile(
      toJsonSchema({ ...schemaOf(method, path, status), components: doc.components }) as Schema,
    );
  }

  async function call(method: string, path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${api.url}${path}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json() };
  }

  async function expectDocumented(method: string, pattern: string, status: string, path: string) {
    const answer = await call(method, path);
    expect(String(answer.status)).toBe(status);
    const validate = validator(method, pattern, status);
    const valid = validate(answer.body);
    expect({ path, errors: valid ? null : validate.errors }).toEqual({ path, errors: null });
    return answer.body;
  }

  it.each(COVERED)('%s %s has a response schema for %s', (method, path, status) => {
    const schema = schemaOf(method, path, status);
    expect({ method, path, schema: schema ?? null }).toEqual({ method, path, schema: expect.any(Object) });
    // A named class or a list of one, never an empty object.
    const ref = (schema!.$ref ?? (schema!.items as Schema | undefined)?.$ref) as string | undefined;
    expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
    const name = ref!.split('/').at(-1)!;
    expect(
      Object.keys((doc.components?.schemas?.[name]?.properties as Schema | undefined) ?? {}),
    ).not.toEqual([]);
  });

  it('answers /health, obligations and one obligation as documented', async () => {
    await expectDocumented('get', '/health', '200', '/health');
    const page = (await expectDocumented(
      'get',
      '/api/obligations',
      '200',
      '/api/obligations?pageSize=500',
    )) as {
      items: { id: string }[];
    };
    expect(page.items.length).toBeGreaterThan(0);
    await expectDocumented(
      'get',
      '/api/obligations/{id}',
      '200',
      `/api/obligations/${encodeURIComponent(page.items[0].id)}`,
    );
  });

  it('answers scores as documented', async () => {
    const page = (await expectDocumented('get', '/api/scores', '200', '/api/scores?pageSize=1000')) as {
      items: { level: string; rules: Record<string, unknown> }[];
    };
    expect(new Set(page.items.map((s) => s.level))).toEqual(new Set(['unit', 'person']));
    expect(page.items.some((s) => Object.keys(s.rules).length > 0)).toBe(true);
  });

  it('answers sources, "sync now", runs and a run’s rejections as documented', async () => {
    await expectDocumented('post', '/api/sources/{name}/sync', '202', '/api/sources/bundle-inbox/sync');
    let runs: { id: string; status: string }[] = [];
    for (let i = 0; i < 100 && !runs.some((r) => r.status !== 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      runs = (await call('get', '/api/runs')).body as typeof runs;
    }
    expect(runs.length).toBeGreaterThan(0);
    await expectDocumented('get', '/api/runs', '200', '/api/runs');
    const sources = (await expectDocumented('get', '/api/sources', '200', '/api/sources')) as {
      lastRun: unknown;
    }[];
    expect(sources[0].lastRun).not.toBeNull();
    await expectDocumented('get', '/api/runs/{id}/rejections', '200', `/api/runs/${runs[0].id}/rejections`);
  });

  it('would catch an answer that strays from its schema', () => {
    const validate = validator('get', '/api/runs', '200');
    expect(validate([{ id: 42, source: 'bundle-inbox' }])).toBe(false);
  });
});
