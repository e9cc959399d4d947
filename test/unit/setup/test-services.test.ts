/**
 * The test run's own setup (test/integration/support/test-services.ts), without any service: what
 * a run does when Redis is missing, and that a probe of an address that does not answer gives up
 * within its timeout — the run never hangs — while a Postgres that answers and refuses is an error.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { createDataSource } from '../../../src/infra/database/data-source.js';
import type { Probe } from '../../integration/support/test-services.js';
import {
  isCi,
  probePostgres,
  probeRedis,
  redisFailure,
  redisPlan,
  redisSkipNotice,
} from '../../integration/support/test-services.js';

const absent: Probe = { state: 'absent', reason: 'ECONNREFUSED' };
const up: Probe = { state: 'up' };

describe('what a run does about Redis', () => {
  it.each([
    [up, {}, 'run'],
    [up, { CI: 'true' }, 'run'],
    [absent, {}, 'skip'],
    [absent, { CI: '' }, 'skip'],
    [absent, { CI: 'false' }, 'skip'],
    [absent, { CI: '0' }, 'skip'],
    [absent, { CI: 'true' }, 'fail'],
    [absent, { CI: '1' }, 'fail'],
    [absent, { CI: 'woodpecker' }, 'fail'],
  ] as const)('Redis %j with env %j: %s', (probe, env, plan) => {
    expect(redisPlan(probe, env)).toBe(plan);
  });

  it.each([
    [{}, false],
    [{ CI: 'false' }, false],
    [{ CI: 'true' }, true],
    [{ CI: 'True' }, true],
  ] as const)('env %j is CI: %s', (env, ci) => {
    expect(isCi(env)).toBe(ci);
  });

  it('says on one line what is skipped, why, and how to run it', () => {
    const notice = redisSkipNotice('redis://:secret@127.0.0.1:6999', absent);
    expect(notice.trim().split('\n')).toHaveLength(1);
    expect(notice).toContain('SKIPPING THE REDIS SUITES');
    expect(notice).toContain('127.0.0.1:6999 (ECONNREFUSED)');
    expect(notice).toContain('TEST_REDIS_URL');
    expect(notice).not.toContain('secret');
    expect(redisFailure('redis://127.0.0.1:6999', absent)).toMatch(/CI is set.*TEST_REDIS_URL/);
  });
});

/** A TCP server that accepts connections and never says a word, or says `reply` to anything. */
async function listen(reply?: Buffer): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (reply) socket.once('data', () => socket.end(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = await listen();
  await server.close();
  return server.port;
}

/** A Postgres ErrorResponse, as a server sends for a wrong password. */
function postgresError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

describe('probing the services', () => {
  let silent: Awaited<ReturnType<typeof listen>>;
  let refusing: Awaited<ReturnType<typeof listen>>;
  let closed: number;

  beforeAll(async () => {
    silent = await listen();
    refusing = await listen(postgresError('28P01', 'password authentication failed for user "postgres"'));
    closed = await closedPort();
  });

  afterAll(async () => {
    await silent.close();
    await refusing.close();
  });

  async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  }

  it('finds no Redis on a closed port, at once', async () => {
    const { result, ms } = await timed(() => probeRedis(`redis://127.0.0.1:${closed}`, 500));
    expect(result).toEqual({ state: 'absent', reason: 'ECONNREFUSED' });
    expect(ms).toBeLessThan(2000);
  });

  it('gives up on a Redis address that accepts and never answers', async () => {
    const { result, ms } = await timed(() => probeRedis(`redis://127.0.0.1:${silent.port}`, 500));
    expect(result.state).toBe('absent');
    expect(ms).toBeLessThan(3000);
  });

  it('finds no Postgres on a closed port, at once', async () => {
    const { result, ms } = await timed(() =>
      probePostgres(`postgres://postgres@127.0.0.1:${closed}/postgres`, 500),
    );
    expect(result).toEqual({ state: 'absent', reason: 'ECONNREFUSED' });
    expect(ms).toBeLessThan(2000);
  });

  it('gives up on a Postgres address that accepts and never answers', async () => {
    const { result, ms } = await timed(() =>
      probePostgres(`postgres://postgres@127.0.0.1:${silent.port}/postgres`, 500),
    );
    expect(result.state).toBe('absent');
    expect(ms).toBeLessThan(3000);
  });

  it('stops at a Postgres that answers and refuses, instead of starting another', async () => {
    await expect(
      probePostgres(`postgres://postgres:wrong@127.0.0.1:${refusing.port}/postgres`, 500),
    ).rejects.toThrow(/answered but refused the tests: password authentication failed/);
  });

  it('fails the application’s database connection when the server never answers, instead of waiting', async () => {
    const dataSource = createDataSource({
      url: `postgres://postgres@127.0.0.1:${silent.port}/postgres`,
      poolSize: 1,
    });
    const { result, ms } = await timed(() =>
      dataSource.initialize().then(
        () => 'connected',
        (e: Error) => e.message,
      ),
    );
    expect(result).toMatch(/timeout/i);
    expect(ms).toBeLessThan(20_000);
  }, 30_000);
});
