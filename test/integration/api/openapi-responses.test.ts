/**
 * The OpenAPI description tells an integrator what each covered route answers, and it is true:
 * every covered route's success response has a schema in `/api/docs-json`, and the API's real
 * answers validate against it (so a field renamed in a store and not in its response class fails
 * here, not in a generated client). And what each route accepts: every query string and body a
 * handler reads is a request DTO (`*.requests.ts`), the class that checks it, and the document
 * describes exactly that class's fields — a handler reading `@Query('x')` or an untyped `@Body()`
 * fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDigest } from '../../../src/cli/digest.command.js';
import { runRemind } from '../../../src/cli/remind.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { projectRoot } from '../../../src/config/project-root.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { Reevaluation } from '../../../src/modules/settings/reevaluation.js';
import { isRequestDto, requestFields } from '../../../src/modules/shared/request-dto.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

/**
 * Every route the API serves, with the status of its success: the document must hold each (so a
 * route cannot silently fall out of it), and every operation the document holds must say what it
 * answers (so a new route without a declared answer fails here).
 */
const ROUTES = [
  ['get', '/health', '200'],
  ['get', '/api/obligations', '200'],
  ['get', '/api/obligations/{id}', '200'],
  ['get', '/api/evaluation', '200'],
  ['get', '/api/scores', '200'],
  ['get', '/api/sources', '200'],
  ['post', '/api/sources/{name}/sync', '202'],
  ['post', '/api/sources/{name}/push', '201'],
  ['get', '/api/runs', '200'],
  ['get', '/api/runs/{id}/rejections', '200'],
  ['get', '/api/exemptions', '200'],
  ['post', '/api/exemptions', '201'],
  ['delete', '/api/exemptions/{id}', '200'],
  ['get', '/api/adjustments', '200'],
  ['post', '/api/adjustments', '201'],
  ['get', '/api/audit', '200'],
  ['get', '/api/snapshots/{phase}', '200'],
  ['post', '/api/snapshots/{phase}', '201'],
  ['get', '/api/snapshots/{phase}/diff', '200'],
  ['get', '/api/snapshots/{phase}/{version}', '200'],
  ['get', '/api/snapshots/{phase}/{version}/export', '200'],
  ['get', '/api/reminders', '200'],
  ['get', '/api/digests', '200'],
  ['get', '/api/digests/{id}', '200'],
  ['get', '/api/calendar', '200'],
  ['put', '/api/calendar/{date}', '202'],
  ['put', '/api/calendar/years/{year}', '202'],
  ['delete', '/api/calendar/{date}', '202'],
  ['post', '/api/calendar/{date}/preview', '200'],
  ['post', '/api/calendar/years/{year}/preview', '200'],
  ['post', '/api/campaigns/{id}/preview', '200'],
  ['post', '/api/exemptions/preview', '200'],
  ['get', '/api/campaigns', '200'],
  ['get', '/api/campaigns/{id}', '200'],
  ['put', '/api/campaigns/{id}', '202'],
] as const;

/** Routes with a second success answer besides their main one: a push's "already received". */
const ALSO: Record<string, string[]> = { 'post /api/sources/{name}/push': ['200'] };

/** The routes that answer files, with the content types they declare. */
const FILES: Record<string, string[]> = {
  'get /api/snapshots/{phase}/{version}/export': [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/csv',
    'application/json',
  ],
};

type Schema = Record<string, unknown>;
type Responses = Record<string, { content?: Record<string, { schema?: Schema }> }>;
interface Operation {
  responses?: Responses;
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** What a handler reads from the query string or the body, with the type it declares for it. */
interface RequestRead {
  route: string;
  from: 'query' | 'body';
  /** `@Query('x')`: one key read by name, not through a DTO. */
  key: string | undefined;
  type: unknown;
}

/** Every route of the running app, with the queries and bodies its handler reads. */
function routesOf(container: ModulesContainer): { route: string; reads: RequestRead[]; excluded: boolean }[] {
  const routes: { route: string; reads: RequestRead[]; excluded: boolean }[] = [];
  for (const module of container.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (controller === null) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      // Pages, sign-in and the metrics scrape are left out of the API description on purpose.
      const excluded = Reflect.getMetadata('swagger/apiExcludeController', controller) !== undefined;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        // Handlers are plain methods; a getter is not one (and reading it off the prototype would run it).
        const handler = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const full = ('/' + [base, path].filter((p) => p !== '' && p !== '/').join('/'))
          .replace(/\/+/g, '/')
          .replace(/:(\w+)/g, '{$1}');
        const route = `${RequestMethod[method].toLowerCase()} ${full}`;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
          string,
          { index: number; data?: unknown }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as unknown[];
        const reads: RequestRead[] = [];
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind !== RouteParamtypes.QUERY && kind !== RouteParamtypes.BODY) continue;
          reads.push({
            route,
            from: kind === RouteParamtypes.QUERY ? 'query' : 'body',
            key: arg.data === undefined ? undefined : String(arg.data),
            type: types[arg.index],
          });
        }
        routes.push({ route, reads, excluded });
      }
    }
  }
  return routes;
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

describe('OpenAPI: every route documents its answer, and the answers match', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let doc: OpenApiDocument;
  let token: string;
  let council: string;

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
    // Mail goes to the file outbox (no SMTP_URL): a reminder slot and last week's digests are stored.
    expect((await capture((io) => runRemind({ asOf: '2024-05-09T08:00:00+07:00' }, io), env)).code).toBe(0);
    expect((await capture((io) => runDigest({ week: '2024-W18' }, io), env)).code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    token = (await createToken(api.app, { role: 'admin', label: 'OpenAPI' })).token;
    council = (await createToken(api.app, { role: 'council', label: 'OpenAPI' })).token;
    doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await api?.app.get(Reevaluation).settled();
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

  interface Asked {
    as?: string;
    body?: unknown;
  }

  async function call(
    method: string,
    path: string,
    asked: Asked = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${api.url}${path}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${asked.as ?? token}`, 'content-type': 'application/json' },
      ...(asked.body === undefined ? {} : { body: JSON.stringify(asked.body) }),
    });
    return { status: res.status, body: await res.json() };
  }

  async function expectDocumented(
    method: string,
    pattern: string,
    status: string,
    path: string,
    asked: Asked = {},
  ) {
    const answer = await call(method, path, asked);
    expect(String(answer.status)).toBe(status);
    const validate = validator(method, pattern, status);
    const valid = validate(answer.body);
    expect({ path, errors: valid ? null : validate.errors }).toEqual({ path, errors: null });
    return answer.body;
  }

  /** What an operation's success says it answers: a JSON schema, or the content types of a file. */
  function successes(responses: Responses | undefined) {
    return Object.entries(responses ?? {})
      .filter(([status]) => /^2\d\d$/.test(status))
      .map(([status, r]) => ({ status, types: Object.keys(r.content ?? {}), content: r.content ?? {} }));
  }

  it('holds every route the API serves', () => {
    const held = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(held.sort()).toEqual(ROUTES.map(([method, path]) => `${method} ${path}`).sort());
  });

  it.each(ROUTES)('%s %s declares what its %s answers', (method, path, status) => {
    const declared = successes(doc.paths[path]?.[method]?.responses);
    expect(declared.map((d) => d.status).sort()).toEqual(
      [status, ...(ALSO[`${method} ${path}`] ?? [])].sort(),
    );
    const { types, content } = declared.find((d) => d.status === status)!;
    const files = FILES[`${method} ${path}`];
    if (files !== undefined) {
      expect(types.sort()).toEqual([...files].sort());
      return;
    }
    expect(types).toEqual(['application/json']);
    // A named class or a list of one, never an empty object.
    const schema = content['application/json'].schema ?? {};
    const ref = (schema.$ref ?? (schema.items as Schema | undefined)?.$ref) as string | undefined;
    expect({ method, path, ref }).toEqual({
      method,
      path,
      ref: expect.stringMatching(/^#\/components\/schemas\/\w+$/),
    });
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
      runs = ((await call('get', '/api/runs')).body as { items: typeof runs }).items;
    }
    expect(runs.length).toBeGreaterThan(0);
    await expectDocumented('get', '/api/runs', '200', '/api/runs');
    const sources = (await expectDocumented('get', '/api/sources', '200', '/api/sources')) as {
      lastRun: unknown;
    }[];
    expect(sources[0].lastRun).not.toBeNull();
    await expectDocumented('get', '/api/runs/{id}/rejections', '200', `/api/runs/${runs[0].id}/rejections`);
  });

  it('answers a push, and the same push again, as documented', async () => {
    const bundle = JSON.parse(readFileSync(EXAMPLE_BUNDLE, 'utf8')) as Record<string, unknown>;
    const first = (await expectDocumented(
      'post',
      '/api/sources/{name}/push',
      '201',
      '/api/sources/bundle-inbox/push',
      {
        body: bundle,
      },
    )) as { outcome: string };
    expect(first.outcome).toBe('received');
    const again = (await expectDocumented(
      'post',
      '/api/sources/{name}/push',
      '200',
      '/api/sources/bundle-inbox/push',
      {
        body: bundle,
      },
    )) as { outcome: string };
    expect(again.outcome).toBe('already_received');
  });

  it('answers the evaluation, streamed, as documented', async () => {
    const res = await fetch(`${api.url}/api/evaluation`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const validate = validator('get', '/api/evaluation', '200');
    const body = JSON.parse(await res.text()) as { obligations: unknown[] };
    expect({ errors: validate(body) ? null : validate.errors }).toEqual({ errors: null });
    expect(body.obligations.length).toBeGreaterThan(0);
  });

  it('answers reminders and digests as documented', async () => {
    const reminders = (await expectDocumented('get', '/api/reminders', '200', '/api/reminders')) as {
      items: unknown[];
    };
    expect(reminders.items.length).toBeGreaterThan(0);
    const digests = (await expectDocumented('get', '/api/digests', '200', '/api/digests?week=2024-W18')) as {
      digests: { id: string }[];
    };
    expect(digests.digests.length).toBeGreaterThan(0);
    await expectDocumented('get', '/api/digests/{id}', '200', `/api/digests/${digests.digests[0].id}`);
  });

  it('answers the council’s decisions, the audit log and the snapshots as documented', async () => {
    const v1 = (await expectDocumented('post', '/api/snapshots/{phase}', '201', '/api/snapshots/2024-1', {
      as: council,
    })) as { version: number };
    const obligations = (await call('get', '/api/obligations?pageSize=1')).body as {
      items: { id: string }[];
    };
    await expectDocumented('post', '/api/exemptions/preview', '200', '/api/exemptions/preview', {
      as: council,
      body: { obligationId: obligations.items[0].id, reason: 'Kiểm tra mô tả API' },
    });
    await expectDocumented(
      'post',
      '/api/calendar/{date}/preview',
      '200',
      '/api/calendar/2024-05-06/preview',
      {
        body: { kind: 'off', name: 'Kiểm tra mô tả API' },
      },
    );
    const exempted = (await expectDocumented('post', '/api/exemptions', '201', '/api/exemptions', {
      as: council,
      body: { obligationId: obligations.items[0].id, reason: 'Kiểm tra mô tả API' },
    })) as { exemption: { id: string } };
    await expectDocumented(
      'delete',
      '/api/exemptions/{id}',
      '200',
      `/api/exemptions/${exempted.exemption.id}`,
      {
        as: council,
        body: { reason: 'Kiểm tra xong' },
      },
    );
    await expectDocumented('post', '/api/adjustments', '201', '/api/adjustments', {
      as: council,
      body: { phaseId: '2024-1', level: 'unit', subjectId: 'VP', points: 2.5, reason: 'Kiểm tra mô tả API' },
    });
    const v2 = (await expectDocumented('post', '/api/snapshots/{phase}', '201', '/api/snapshots/2024-1', {
      as: council,
    })) as { version: number };
    expect(v2.version).toBe(v1.version + 1);

    for (const [path, min] of [
      ['/api/exemptions', 1],
      ['/api/adjustments', 1],
      ['/api/audit', 3],
    ] as const) {
      const page = (await expectDocumented('get', path, '200', path)) as { items: unknown[] };
      expect(page.items.length).toBeGreaterThanOrEqual(min);
    }
    const versions = (await expectDocumented(
      'get',
      '/api/snapshots/{phase}',
      '200',
      '/api/snapshots/2024-1',
    )) as {
      versions: unknown[];
    };
    expect(versions.versions).toHaveLength(2);
    await expectDocumented('get', '/api/snapshots/{phase}/{version}', '200', '/api/snapshots/2024-1/2');
    const diff = (await expectDocumented(
      'get',
      '/api/snapshots/{phase}/diff',
      '200',
      '/api/snapshots/2024-1/diff?from=1&to=2',
    )) as { changes: unknown[] };
    expect(diff.changes.length).toBeGreaterThan(0);

    const declared = Object.keys(
      doc.paths['/api/snapshots/{phase}/{version}/export'].get.responses?.['200'].content ?? {},
    );
    for (const format of ['xlsx', 'csv', 'json']) {
      const res = await fetch(`${api.url}/api/snapshots/2024-1/2/export?format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(declared).toContain(res.headers.get('content-type')!.split(';')[0]);
    }
  });

  it('answers the calendar and the campaigns, read and changed, as documented', async () => {
    await expectDocumented('get', '/api/calendar', '200', '/api/calendar?year=2024');
    await expectDocumented('put', '/api/calendar/{date}', '202', '/api/calendar/2024-05-10', {
      body: { kind: 'off', name: 'Kiểm tra mô tả API' },
    });
    await api.app.get(Reevaluation).settled();
    await expectDocumented('delete', '/api/calendar/{date}', '202', '/api/calendar/2024-05-10');
    await api.app.get(Reevaluation).settled();
    await expectDocumented('put', '/api/calendar/years/{year}', '202', '/api/calendar/years/2027', {
      body: JSON.parse(
        readFileSync(join(projectRoot(), 'test', 'fixtures', 'calendars', '2027.json'), 'utf8'),
      ),
    });
    await api.app.get(Reevaluation).settled();
    const campaigns = (await expectDocumented('get', '/api/campaigns', '200', '/api/campaigns')) as {
      id: string;
    }[];
    const campaign = (await expectDocumented(
      'get',
      '/api/campaigns/{id}',
      '200',
      `/api/campaigns/${campaigns[0].id}`,
    )) as Record<string, unknown>;
    const { id: _id, changedBy: _by, changedAt: _at, phases, ...definition } = campaign;
    await expectDocumented('put', '/api/campaigns/{id}', '202', `/api/campaigns/${campaigns[0].id}`, {
      body: {
        ...definition,
        phases: (phases as Record<string, unknown>[]).map(({ state: _s, frozen: _f, ...p }) => p),
      },
    });
    await api.app.get(Reevaluation).settled();
  });

  /** Routes whose body is a file taken as bytes (a pushed bundle or edXML message), not a JSON object. */
  const RAW_BODIES = ['post /api/sources/{name}/push'];

  it('documents every query and body a handler reads from its request DTO, and nothing else', () => {
    const all = routesOf(api.app.get(ModulesContainer));
    // Left out of the description on purpose, and never an /api route: the Prometheus scrape target,
    // the web pages and the sign-in pages (HTML forms, each refusing bad input by its own page).
    const undocumented = all.filter((r) => !ROUTES.some(([m, p]) => `${m} ${p}` === r.route));
    expect(undocumented.filter((r) => !r.excluded || r.route.split(' ')[1].startsWith('/api'))).toEqual([]);
    expect(undocumented.map((r) => r.route)).toEqual(
      expect.arrayContaining(['get /metrics', 'get /auth/sign-in', 'get /']),
    );
    const routes = all.filter((r) => !undocumented.includes(r));
    expect(routes.map((r) => r.route).sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
    for (const { route, reads } of routes) {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path][method];
      const queryRead = reads.find((r) => r.from === 'query');
      const bodyRead = reads.find((r) => r.from === 'body');
      for (const read of reads) {
        // Read whole, through a class that checks it: not a key picked by hand, not `Record<…>`.
        expect({ route, from: read.from, key: read.key, dto: isRequestDto(read.type) }).toEqual({
          route,
          from: read.from,
          key: undefined,
          dto: true,
        });
      }
      const documentedQuery = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const declaredQuery = queryRead === undefined ? [] : requestFields(queryRead.type).map((f) => f.key);
      expect({ route, query: documentedQuery.sort() }).toEqual({ route, query: [...declaredQuery].sort() });

      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      if (RAW_BODIES.includes(route)) {
        // A file pushed as it is, read as bytes by the source's own reader, which checks all of it.
        expect({ route, body: bodySchema }).toEqual({ route, body: { type: 'string', format: 'binary' } });
        continue;
      }
      if (bodyRead === undefined) {
        expect({ route, body: bodySchema }).toEqual({ route, body: undefined });
        continue;
      }
      const name = (bodyRead.type as { name: string }).name;
      expect({ route, body: bodySchema?.$ref }).toEqual({ route, body: `#/components/schemas/${name}` });
      const properties = Object.keys((doc.components?.schemas?.[name]?.properties as Schema) ?? {});
      expect({ route, fields: properties.sort() }).toEqual({
        route,
        fields: requestFields(bodyRead.type)
          .map((f) => f.key)
          .sort(),
      });
    }
  });

  it('would catch an answer that strays from its schema', () => {
    const validate = validator('get', '/api/runs', '200');
    expect(validate({ items: [{ id: 42, source: 'bundle-inbox' }], page: 1, pageSize: 20, total: 1 })).toBe(
      false,
    );
  });
});
