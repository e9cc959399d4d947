import { describe, it, expect, afterEach } from '@jest/globals';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpJsonAdapter,
  type HttpJsonAdapterOptions,
  type HttpJsonResource,
} from '../../../src/infra/adapters/http-json/http-json.adapter.js';
import type { Clock } from '../../../src/infra/adapters/http-json/token-bucket.js';
import type { SourceBatch } from '../../../src/infra/adapters/source-adapter.port.js';

// ---------------------------------------------------------------- a real server, scripted per test

interface Hit {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The injected clock's time when the request arrived. */
  at: number;
}

interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Real milliseconds to wait before answering (timeouts). */
  delayMs?: number;
}

type Handler = (hit: Hit, hits: Hit[]) => Reply;

const servers: Server[] = [];
const delayed = new Set<NodeJS.Timeout>();

afterEach(async () => {
  for (const t of delayed) clearTimeout(t);
  delayed.clear();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function serve(
  handler: Handler,
  clock: Clock = new FakeClock(),
): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const hit: Hit = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        at: clock.now(),
      };
      hits.push(hit);
      const reply = handler(hit, hits);
      const send = () => {
        if (res.destroyed) return;
        const text = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(text);
      };
      if (reply.delayMs) delayed.add(setTimeout(send, reply.delayMs));
      else send();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** Time that moves only when someone waits on it: pacing is measured, never slept. */
class FakeClock implements Clock {
  t = Date.UTC(2025, 2, 10, 1, 0, 0);
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// ---------------------------------------------------------------- helpers

const API_KEY = 'k3y-SECRET-0f-the-agency';
const CLIENT_SECRET = 'cl1ent-SECRET-value';

const unitsResource: HttpJsonResource = { kind: 'units', path: '/api/units', itemsField: 'data.items' };

function options(url: string, overrides: Partial<HttpJsonAdapterOptions> = {}): HttpJsonAdapterOptions {
  return {
    baseUrl: `${url}/`,
    resources: [unitsResource],
    auth: { type: 'api-key', header: 'X-API-Key', value: API_KEY },
    paging: { type: 'page', pageParam: 'page', sizeParam: 'pageSize', size: 2 },
    retries: { attempts: 3, minTimeoutMs: 1, maxTimeoutMs: 20 },
    timeoutMs: 2000,
    clock: new FakeClock(),
    ...overrides,
  };
}

async function pull(
  adapter: HttpJsonAdapter,
  cursor: string | null = null,
  stopAfter?: number,
): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of adapter.pull(cursor)) {
    batches.push(batch);
    if (stopAfter !== undefined && batches.length >= stopAfter) break;
  }
  return batches;
}

const ids = (batches: SourceBatch[], kind: 'units' | 'documents' = 'units') =>
  batches.flatMap((b) => (b.part[kind] ?? []).map((r) => r.id));

const unit = (id: string, updatedAt = '2025-03-10T08:00:00+07:00') => ({
  id,
  name: `Phòng ${id}`,
  updatedAt,
});

/** A units endpoint serving `all` in pages by the `page` and `pageSize` parameters. */
function pagedUnits(all: object[]): Handler {
  return (hit) => {
    const page = Number(hit.query.get('page'));
    const size = Number(hit.query.get('pageSize'));
    return { json: { data: { items: all.slice((page - 1) * size, page * size) } } };
  };
}

const lastCursor = (batches: SourceBatch[]) => JSON.parse(batches[batches.length - 1].cursor!);

// ---------------------------------------------------------------- tests

describe('HttpJsonAdapter', () => {
  it('sends the API key header and walks page paging to the short last page', async () => {
    const server = await serve(pagedUnits([unit('A'), unit('B'), unit('C')]));

    const batches = await pull(new HttpJsonAdapter(options(server.url)));

    expect(ids(batches)).toEqual(['A', 'B', 'C']);
    expect(server.hits.map((h) => `${h.path}?${h.query}`)).toEqual([
      '/api/units?page=1&pageSize=2',
      '/api/units?page=2&pageSize=2',
    ]);
    expect(server.hits.every((h) => h.headers['x-api-key'] === API_KEY)).toBe(true);
    expect(batches.map((b) => b.label)).toEqual(['units /api/units page 1', 'units /api/units page 2']);
    expect(lastCursor(batches).resources['units /api/units']).toEqual({ since: null, pass: null });
  });

  it('stops a resource whose answer is over maxFileBytes, announced or not, and keeps the pages before it', async () => {
    for (const announced of [true, false]) {
      const big = { data: { items: [unit('C'), { ...unit('D'), name: 'x'.repeat(5000) }] } };
      const server = await serve((hit) => {
        if (hit.query.get('page') === '1') return { json: { data: { items: [unit('A'), unit('B')] } } };
        // Without a Content-Length the body is cut once the count passes the limit.
        return announced
          ? { json: big }
          : { text: JSON.stringify(big), headers: { 'transfer-encoding': 'chunked' } };
      });
      const adapter = new HttpJsonAdapter(options(server.url), { maxFileBytes: 1000 });
      const batches = await pull(adapter);
      expect(ids(batches)).toEqual(['A', 'B']);
      const issues = batches.flatMap((b) => b.issues.map((i) => i.reasonEn));
      expect(issues).toEqual([
        expect.stringMatching(
          /^The server answered HTTP 200 with a body of \d+ bytes, over the source's limit maxFileBytes = 1000; "units \/api\/units" stopped/,
        ),
      ]);
    }
  });

  it('walks cursor paging until the answer has no next cursor', async () => {
    const pages: Record<string, { items: object[]; next: string | null }> = {
      '': { items: [unit('A'), unit('B')], next: 'c2' },
      c2: { items: [unit('C')], next: 'c3' },
      c3: { items: [unit('D')], next: null },
    };
    const server = await serve((hit) => {
      const page = pages[hit.query.get('after') ?? ''];
      return { json: { data: { items: page.items }, meta: { next: page.next } } };
    });

    const batches = await pull(
      new HttpJsonAdapter(
        options(server.url, {
          paging: { type: 'cursor', cursorParam: 'after', nextCursorField: 'meta.next' },
        }),
      ),
    );

    expect(ids(batches)).toEqual(['A', 'B', 'C', 'D']);
    expect(server.hits.map((h) => h.query.get('after'))).toEqual([null, 'c2', 'c3']);
    expect(lastCursor(batches).resources['units /api/units'].pass).toBeNull();
  });

  it('fetches an OAuth2 token once, caches it until shortly before expiry, and refreshes it once after a 401', async () => {
    const clock = new FakeClock();
    let issued = 0;
    let revoked: string | null = null;
    const server = await serve((hit) => {
      if (hit.path === '/oauth/token')
        return { json: { access_token: `tok-${++issued}`, token_type: 'Bearer', expires_in: 3600 } };
      const auth = hit.headers.authorization;
      if (auth !== `Bearer tok-${issued}` || auth === `Bearer ${revoked}`)
        return { status: 401, json: { error: 'invalid_token' } };
      return pagedUnits([unit('A'), unit('B'), unit('C'), unit('D'), unit('E')])(hit, []);
    }, clock);
    const adapter = new HttpJsonAdapter(
      options(server.url, {
        clock,
        auth: {
          type: 'oauth2-client-credentials',
          tokenUrl: `${server.url}/oauth/token`,
          clientId: 'dunghan',
          clientSecret: CLIENT_SECRET,
          scope: 'documents.read',
        },
      }),
    );
    const tokenRequests = () => server.hits.filter((h) => h.path === '/oauth/token').length;

    expect(ids(await pull(adapter))).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(tokenRequests()).toBe(1);
    const tokenHit = server.hits[0];
    expect(tokenHit.method).toBe('POST');
    expect(tokenHit.headers.authorization).toBe(
      `Basic ${Buffer.from(`dunghan:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(Object.fromEntries(new URLSearchParams(tokenHit.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'documents.read',
    });
    expect(server.hits.slice(1).every((h) => h.headers.authorization === 'Bearer tok-1')).toBe(true);

    clock.t += 3545 * 1000; // within its last minute: renewed before it runs out
    await pull(adapter);
    expect(tokenRequests()).toBe(2);

    revoked = 'tok-2'; // the gateway restarted and forgot its tokens
    expect(ids(await pull(adapter))).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(tokenRequests()).toBe(3);
    expect(
      server.hits.filter((h) => h.headers.authorization === 'Bearer tok-2' && h.path === '/api/units'),
    ).toHaveLength(
      4, // three pages of the second pull, and the one refused
    );
  });

  it('refreshes a refused token only once, then reports the refusal without the token in it', async () => {
    const server = await serve((hit) =>
      hit.path === '/oauth/token'
        ? { json: { access_token: 'tok-never-accepted', expires_in: 3600 } }
        : { status: 401, text: `token ${hit.headers.authorization} is not valid` },
    );
    const adapter = new HttpJsonAdapter(
      options(server.url, {
        auth: {
          type: 'oauth2-client-credentials',
          tokenUrl: `${server.url}/oauth/token`,
          clientId: 'dunghan',
          clientSecret: CLIENT_SECRET,
        },
      }),
    );

    const batches = await pull(adapter);

    expect(server.hits.map((h) => h.path)).toEqual([
      '/oauth/token',
      '/api/units',
      '/oauth/token',
      '/api/units',
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0].issues[0].reasonEn).toMatch(/HTTP 401: token Bearer \*\*\* is not valid/);
    expect(JSON.stringify(batches)).not.toContain('tok-never-accepted');
  });

  it('stops the pull with an issue, free of the client secret, when the token endpoint refuses', async () => {
    const server = await serve((hit) => ({
      status: 401,
      json: {
        error: 'invalid_client',
        error_description: `secret ${new URLSearchParams(hit.body).get('client_secret')} unknown`,
      },
    }));
    const adapter = new HttpJsonAdapter(
      options(server.url, {
        resources: [unitsResource, { kind: 'documents', path: '/api/docs', itemsField: 'items' }],
        auth: {
          type: 'oauth2-client-credentials',
          tokenUrl: `${server.url}/oauth/token`,
          clientId: 'dunghan',
          clientSecret: CLIENT_SECRET,
          clientAuth: 'body',
        },
      }),
    );

    const batches = await pull(adapter);

    expect(server.hits).toHaveLength(1); // no retry of a refusal, and no second resource trying again
    expect(batches).toHaveLength(1);
    expect(batches[0].issues[0].reasonEn).toMatch(/refused: HTTP 401 invalid_client: secret \*\*\* unknown/);
    expect(JSON.stringify(batches)).not.toContain(CLIENT_SECRET);
  });

  it('asks for changes since the last mark on the next pull, and advances the mark', async () => {
    let all = [
      unit('A', '2025-03-10T08:00:00+07:00'),
      unit('B', '2025-03-10T09:30:00+07:00'),
      unit('C', '2025-03-10T09:00:00+07:00'),
    ];
    const server = await serve((hit) => {
      const since = hit.query.get('updatedSince');
      const changed = since === null ? all : all.filter((u) => Date.parse(u.updatedAt) > Date.parse(since));
      return pagedUnits(changed)(hit, []);
    });
    const adapter = new HttpJsonAdapter(
      options(server.url, { incremental: { param: 'updatedSince', field: 'updatedAt' } }),
    );

    const first = await pull(adapter);
    all = [...all, unit('D', '2025-03-11T07:00:00+07:00')];
    const second = await pull(adapter, first[first.length - 1].cursor);
    const third = await pull(adapter, second[second.length - 1].cursor);

    expect(ids(first)).toEqual(['A', 'B', 'C']);
    expect(
      server.hits.filter((h) => h.query.get('page') === '1').map((h) => h.query.get('updatedSince')),
    ).toEqual([null, '2025-03-10T09:30:00+07:00', '2025-03-11T07:00:00+07:00']);
    expect(ids(second)).toEqual(['D']);
    expect(ids(third)).toEqual([]);
    expect(lastCursor(third).resources['units /api/units'].since).toBe('2025-03-11T07:00:00+07:00');
  });

  it('resumes a pass at the next page, with the same mark, after a sync stopped mid-pass', async () => {
    const server = await serve(
      pagedUnits([
        unit('A', '2025-03-10T08:00:00+07:00'),
        unit('B', '2025-03-10T10:00:00+07:00'),
        unit('C', '2025-03-10T09:00:00+07:00'),
      ]),
    );
    const adapter = new HttpJsonAdapter(
      options(server.url, { incremental: { param: 'updatedSince', field: 'updatedAt' } }),
    );

    const stopped = await pull(adapter, null, 1);
    const resumed = await pull(adapter, stopped[0].cursor);

    expect(JSON.parse(stopped[0].cursor!).resources['units /api/units']).toEqual({
      since: null,
      pass: { position: 2, high: '2025-03-10T10:00:00+07:00' },
    });
    expect([...ids(stopped), ...ids(resumed)]).toEqual(['A', 'B', 'C']);
    expect(server.hits.map((h) => h.query.get('page'))).toEqual(['1', '2']);
    expect(lastCursor(resumed).resources['units /api/units']).toEqual({
      since: '2025-03-10T10:00:00+07:00',
      pass: null,
    });
  });

  it('without a change-time field, uses the time the pass began as the mark', async () => {
    const clock = new FakeClock();
    const server = await serve(pagedUnits([unit('A')]), clock);

    const batches = await pull(
      new HttpJsonAdapter(options(server.url, { clock, incremental: { param: 'changedAfter' } })),
    );

    expect(lastCursor(batches).resources['units /api/units'].since).toBe('2025-03-10T08:00:00+07:00');
  });

  it('retries HTTP 500 and hands on the data once', async () => {
    const server = await serve((hit, hits) =>
      hits.length <= 2 ? { status: 500, text: 'busy' } : pagedUnits([unit('A')])(hit, hits),
    );

    const batches = await pull(new HttpJsonAdapter(options(server.url)));

    expect(server.hits).toHaveLength(3);
    expect(ids(batches)).toEqual(['A']);
    expect(batches).toHaveLength(1);
  });

  it('throws, with no secret in the message, when the server keeps failing', async () => {
    const server = await serve(() => ({ status: 503, text: `down (key ${API_KEY})` }));

    const failure = pull(new HttpJsonAdapter(options(server.url)));

    await expect(failure).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/units\?page=1&pageSize=2: HTTP 503 after 3 attempt/,
    );
    await failure.catch((e: Error) => expect(`${e.message} ${e.stack}`).not.toContain(API_KEY));
    expect(server.hits).toHaveLength(3);
  });

  it('retries a request that times out', async () => {
    const server = await serve((hit, hits) => ({
      ...pagedUnits([unit('A')])(hit, hits),
      delayMs: hits.length === 1 ? 1500 : 0,
    }));

    const started = Date.now();
    const batches = await pull(new HttpJsonAdapter(options(server.url, { timeoutMs: 150 })));

    expect(ids(batches)).toEqual(['A']);
    expect(server.hits).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('waits as long as a 429 Retry-After asks, by the injected clock', async () => {
    const clock = new FakeClock();
    const server = await serve(
      (hit, hits) =>
        hits.length === 1
          ? { status: 429, headers: { 'retry-after': '7' } }
          : pagedUnits([unit('A')])(hit, hits),
      clock,
    );

    const batches = await pull(
      new HttpJsonAdapter(
        options(server.url, { clock, retries: { attempts: 3, minTimeoutMs: 1, maxTimeoutMs: 60_000 } }),
      ),
    );

    expect(ids(batches)).toEqual(['A']);
    expect(server.hits[1].at - server.hits[0].at).toBeGreaterThanOrEqual(7000);
  });

  it('gives up rather than wait longer than its maximum when Retry-After asks for more', async () => {
    const server = await serve(() => ({ status: 429, headers: { 'retry-after': '3600' } }));

    await expect(pull(new HttpJsonAdapter(options(server.url)))).rejects.toThrow(/asks to wait 3600 s/);
    expect(server.hits).toHaveLength(1);
  });

  it('drops records of a page served again, and keeps the cursor moving forward', async () => {
    // Page 2 repeats B (a record was inserted ahead of it), then page 2 is served again whole.
    const answers = [[unit('A'), unit('B')], [unit('B'), unit('C')], [unit('B'), unit('C')], [unit('D')]];
    const server = await serve((_hit, hits) => ({ json: { data: { items: answers[hits.length - 1] } } }));

    const batches = await pull(new HttpJsonAdapter(options(server.url)));

    expect(ids(batches)).toEqual(['A', 'B', 'C', 'D']);
    expect(batches[2].part).toEqual({});
    const positions = batches.map(
      (b) => JSON.parse(b.cursor!).resources['units /api/units'].pass?.position ?? Infinity,
    );
    expect(positions).toEqual([2, 3, 4, Infinity]);
  });

  it('hands on a record again when it comes back changed within the same pull', async () => {
    const answers = [[unit('A'), unit('B')], [{ ...unit('A'), name: 'Phòng A mới' }]];
    const server = await serve((_hit, hits) => ({ json: { data: { items: answers[hits.length - 1] } } }));

    const batches = await pull(new HttpJsonAdapter(options(server.url)));

    expect(batches.map((b) => b.part.units?.map((u) => u.name))).toEqual([
      ['Phòng A', 'Phòng B'],
      ['Phòng A mới'],
    ]);
  });

  it('stops a server that ignores the page parameter instead of looping', async () => {
    const server = await serve(() => ({ json: { data: { items: [unit('A'), unit('B')] } } }));

    const batches = await pull(new HttpJsonAdapter(options(server.url)));

    expect(server.hits).toHaveLength(4);
    expect(ids(batches)).toEqual(['A', 'B']);
    expect(batches[3].issues[0].reasonEn).toMatch(/may ignore the paging parameter/);
  });

  it('stops a cursor that points back at a page already read', async () => {
    const server = await serve((hit) => ({
      json: { data: { items: [unit(hit.query.get('c') ?? 'A')] }, next: 'X' },
    }));

    const batches = await pull(
      new HttpJsonAdapter(
        options(server.url, { paging: { type: 'cursor', cursorParam: 'c', nextCursorField: 'next' } }),
      ),
    );

    expect(ids(batches)).toEqual(['A', 'X']);
    expect(batches[1].issues[0].reasonEn).toMatch(/page cursor already used/);
    expect(JSON.parse(batches[1].cursor!).resources['units /api/units'].pass.position).toBe('X');
  });

  it('reports a 4xx without retrying it or leaking the key, stops that resource and goes on with the next', async () => {
    const server = await serve((hit) =>
      hit.path === '/api/units'
        ? { status: 403, json: { message: `API key ${hit.headers['x-api-key']} may not read units` } }
        : { json: { items: [{ id: 'D1' }] } },
    );
    const adapter = new HttpJsonAdapter(
      options(server.url, {
        resources: [unitsResource, { kind: 'documents', path: '/api/docs', itemsField: 'items' }],
      }),
    );

    const batches = await pull(adapter);

    expect(server.hits.map((h) => h.path)).toEqual(['/api/units', '/api/docs']);
    const issue = batches[0].issues[0];
    expect(issue.location).toMatch(/\/api\/units\?page=1&pageSize=2$/);
    expect(issue.reasonEn).toContain('HTTP 403');
    expect(issue.reasonEn).toContain('API key *** may not read units');
    expect(issue.reason).toContain('HTTP 403');
    expect(JSON.stringify(batches)).not.toContain(API_KEY);
    expect(ids(batches, 'documents')).toEqual(['D1']);
    // The refused resource will start from the same place next time.
    expect(lastCursor(batches).resources['units /api/units']).toEqual({
      since: null,
      pass: { position: 1, high: null },
    });
  });

  it('spaces requests to the rate limit, measured on the injected clock', async () => {
    const clock = new FakeClock();
    const all = Array.from({ length: 11 }, (_, i) => unit(`U${i}`));
    const server = await serve(pagedUnits(all), clock);

    const started = Date.now();
    const batches = await pull(
      new HttpJsonAdapter(options(server.url, { clock, rateLimit: { requestsPerSecond: 4 } })),
    );

    expect(ids(batches)).toHaveLength(11);
    expect(server.hits).toHaveLength(6);
    const gaps = server.hits.slice(1).map((h, i) => h.at - server.hits[i].at);
    expect(gaps.every((g) => g >= 250)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000); // nothing actually slept
  });

  it('maps source fields to bundle fields, and skips a record it cannot translate with an issue free of its values', async () => {
    const server = await serve(() => ({
      json: {
        ketQua: [
          {
            maVanBan: 101,
            loai: 'DEN',
            ngayVanBan: '07/03/2025',
            thoiGianDen: '2025-03-10 08:05',
            doKhan: '1',
            vbqppl: 'có',
            kySo: { coQuan: 1 },
            email: 'VanThu@HaNam.gov.vn',
            lichSuGiaHan: [{ han: '25/03/2025', luc: '2025-03-14T09:00:00' }],
          },
          {
            maVanBan: 102,
            loai: 'DEN',
            ngayVanBan: '30/02/2025',
            thoiGianDen: '2025-03-10 08:05',
            doKhan: '0',
          },
        ],
      },
    }));
    const adapter = new HttpJsonAdapter(
      options(server.url, {
        resources: [
          {
            kind: 'documents',
            path: '/api/van-ban',
            itemsField: 'ketQua',
            mapping: {
              id: { from: 'maVanBan', transform: 'string' },
              direction: { from: 'loai', transform: 'enum:{"DEN":"incoming","DI":"outgoing"}' },
              confidentiality: { transform: 'const:normal' },
              channel: { transform: 'const:electronic' },
              date: { from: 'ngayVanBan', transform: 'date:dd/MM/yyyy' },
              receivedAt: { from: 'thoiGianDen', transform: 'datetime:local' },
              urgency: { from: 'doKhan', transform: 'enum:{"0":"normal","1":"urgent"}' },
              legalNormative: { from: 'vbqppl', transform: 'bool' },
              'signatures.agency': { from: 'kySo.coQuan', transform: 'bool' },
              contact: { from: 'email', transform: 'lowercase' },
              deadlineChanges: {
                from: 'lichSuGiaHan',
                each: {
                  deadline: { from: 'han', transform: 'date:dd/MM/yyyy' },
                  at: { from: 'luc', transform: 'datetime:local' },
                },
              },
            },
          },
        ],
      }),
    );

    const batches = await pull(adapter);

    expect(batches[0].part.documents).toEqual([
      {
        id: '101',
        direction: 'incoming',
        confidentiality: 'normal',
        channel: 'electronic',
        date: '2025-03-07',
        receivedAt: '2025-03-10T08:05:00+07:00',
        urgency: 'urgent',
        legalNormative: true,
        signatures: { agency: true },
        contact: 'vanthu@hanam.gov.vn',
        deadlineChanges: [{ deadline: '2025-03-25', at: '2025-03-14T09:00:00+07:00' }],
      },
    ]);
    expect(batches[0].issues).toEqual([
      expect.objectContaining({
        record: '102',
        field: 'date',
        reasonEn:
          'Record "102": field "date" (from "ngayVanBan"): is not an existing date in the form "dd/MM/yyyy" (date:dd/MM/yyyy); record skipped.',
      }),
    ]);
    expect(JSON.stringify(batches[0].issues)).not.toContain('30/02/2025');
  });

  it('turns records flagged as deleted into tombstones after the page records', async () => {
    const server = await serve(() => ({
      json: { data: { items: [unit('A'), { ...unit('B'), xoa: true }] } },
    }));

    const batches = await pull(
      new HttpJsonAdapter(options(server.url, { resources: [{ ...unitsResource, deletedField: 'xoa' }] })),
    );

    expect(batches[0].part).toEqual({ units: [unit('A')], deleted: [{ kind: 'unit', id: 'B' }] });
  });

  it('refuses a configuration it cannot follow, naming the field', () => {
    const bad = (o: Partial<HttpJsonAdapterOptions>) => () =>
      new HttpJsonAdapter(options('http://127.0.0.1:1', o));
    expect(
      bad({ resources: [{ ...unitsResource, mapping: { date: { from: 'd', transform: 'date:dd/yyyy' } } }] }),
    ).toThrow(/"date": pattern "dd\/yyyy" lacks month/);
    expect(
      bad({ resources: [{ ...unitsResource, mapping: { id: { from: 'x', transform: 'upper' } } }] }),
    ).toThrow(/unknown transform "upper"/);
    expect(
      bad({ resources: [{ kind: 'mailboxes', path: '/m', itemsField: '', deletedField: 'gone' }] }),
    ).toThrow(/cannot be deleted/);
    expect(bad({ resources: [unitsResource, unitsResource] })).toThrow(
      /two resources are named "units \/api\/units"/,
    );
  });
});
