/**
 * A poison file is quarantined, never a stopped source (issue 11, findings 2 and 5): a file over
 * one of the source's limits or that is not JSON is moved to `rejected/` with a `.reason.txt`,
 * named in the run's rejections (`dunghan runs --rejections`), and the files after it are read in
 * the same run; the next sync does not read it again, and the agency's evaluation runs. A text over
 * `maxTextLength` short enough to parse refuses only its record, the field named. Bundle-folder
 * syncs through the CLI into real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { createToken } from '../../src/cli/token.command.js';
import { bootstrapApi } from '../../src/main.js';
import { exampleBundle } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

const MAX_FILE_BYTES = 2_000_000;
const MAX_TEXT = 100_000;

describe('poison files in a bundle folder (real Postgres)', () => {
  let db: TestDatabase;
  let fixture: FolderSource;
  let env: NodeJS.ProcessEnv;
  const dunghan = (argv: string[]) => capture((io) => runCli(argv, io), env);
  const runs = () =>
    query<{ id: string; status: string; error: string | null; seen: number; batches: number }>(
      db.url,
      `SELECT id::text, status, error, seen, batches FROM sync_runs WHERE source = 'office' ORDER BY id`,
    );
  const rejections = (runId: string) =>
    query<{ location: string; record_id: string | null; field: string | null; message_en: string }>(
      db.url,
      `SELECT location, record_id, field, message_en FROM sync_rejections WHERE run_id = $1 ORDER BY id`,
      [runId],
    );
  const documentIds = async () =>
    (await query<{ id: string }>(db.url, 'SELECT id FROM documents ORDER BY id')).map((r) => r.id);

  /** A valid bundle of one document `id` (and the units and people it needs). */
  function bundleWith(id: string, subject = 'V/v báo cáo'): Record<string, unknown> {
    const b = exampleBundle();
    return { ...b, documents: [{ ...b.documents[0], id, subject }], tasks: [], drafts: [], deleted: [] };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource(
      'office',
      {},
      { maxFileBytes: MAX_FILE_BYTES, maxTextLength: MAX_TEXT, maxDepth: 32 },
    );
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_CLOCK: '2024-05-08T17:00:00+07:00',
      DUNGHAN_WORKER_NAME: 'poison-files-test',
    };
  });
  afterAll(() => db.drop());

  it('quarantines each poison file, reads the files after it, and does not read it again', async () => {
    const inbox = fixture.inbox;
    writeFileSync(join(inbox, 'a-good1.json'), JSON.stringify(bundleWith('good-1')));
    // A 600 kB+ string: over 6 bytes per character of maxTextLength, never held whole.
    writeFileSync(join(inbox, 'b-long-string.json'), JSON.stringify(bundleWith('long', 'x'.repeat(700_000))));
    // Nesting over maxDepth inside a record.
    const deep = bundleWith('deep');
    (deep.documents as Record<string, unknown>[])[0].extra = JSON.parse('['.repeat(40) + ']'.repeat(40));
    writeFileSync(join(inbox, 'c-deep.json'), JSON.stringify(deep));
    writeFileSync(join(inbox, 'd-invalid.json'), JSON.stringify(bundleWith('invalid')).slice(0, -20) + '}{');
    // Over maxFileBytes: valid, but never opened.
    const big = exampleBundle();
    big.documents = Array.from({ length: 8000 }, (_, i) => ({ ...big.documents[0], id: `big-${i}` }));
    big.tasks = [];
    big.drafts = [];
    const bigText = JSON.stringify(big);
    expect(bigText.length).toBeGreaterThan(MAX_FILE_BYTES);
    writeFileSync(join(inbox, 'e-big.json'), bigText);
    // The last good file also holds one record whose subject is over maxTextLength but parseable.
    const good2 = bundleWith('good-2');
    (good2.documents as Record<string, unknown>[]).push({
      ...(good2.documents as Record<string, unknown>[])[0],
      id: 'long-subject',
      subject: 'y'.repeat(MAX_TEXT + 1),
    });
    writeFileSync(join(inbox, 'f-good2.json'), JSON.stringify(good2));

    const synced = await dunghan(['sync', '--source', 'office']);
    expect([synced.code, synced.stderr]).toEqual([0, '']);
    const [first] = await runs();
    expect([first.status, first.error]).toEqual(['succeeded', null]);
    const ids = await documentIds();
    expect(ids).toEqual(expect.arrayContaining(['good-1', 'good-2']));
    for (const poison of ['long', 'deep', 'invalid', 'big-0', 'long-subject'])
      expect(ids).not.toContain(poison);

    const rejected = await rejections(first.id);
    const byLocation = (name: string) => rejected.filter((r) => r.location === name).map((r) => r.message_en);
    expect(byLocation('b-long-string.json')).toEqual([
      expect.stringMatching(
        /a string longer than 600,002 bytes \(line 1, byte \d+\), over the source's limit maxTextLength = 100000/,
      ),
    ]);
    expect(byLocation('c-deep.json')).toEqual([
      expect.stringMatching(
        /nested deeper than 32 levels \(line 1, byte \d+\), over the source's limit maxDepth = 32/,
      ),
    ]);
    expect(byLocation('d-invalid.json')).toEqual([expect.stringContaining('not valid JSON')]);
    expect(byLocation('e-big.json')).toEqual([
      expect.stringContaining(
        `the file is ${Buffer.byteLength(bigText)} bytes, over the source's limit maxFileBytes = ${MAX_FILE_BYTES} bytes`,
      ),
    ]);
    expect(rejected.filter((r) => r.location === 'f-good2.json')).toEqual([
      {
        location: 'f-good2.json',
        record_id: 'long-subject',
        field: 'subject',
        message_en: `f-good2.json: document long-subject, field subject: is 100,001 characters long, over the source's limit maxTextLength = ${MAX_TEXT} characters; the record was rejected`,
      },
    ]);

    // Quarantined beside the inbox, each with its reason; the good files processed.
    const rejectedDir = join(inbox, 'rejected');
    expect(readdirSync(rejectedDir).sort()).toEqual([
      'b-long-string.json',
      'b-long-string.json.reason.txt',
      'c-deep.json',
      'c-deep.json.reason.txt',
      'd-invalid.json',
      'd-invalid.json.reason.txt',
      'e-big.json',
      'e-big.json.reason.txt',
    ]);
    const reason = readFileSync(join(rejectedDir, 'e-big.json.reason.txt'), 'utf8');
    expect(reason).toContain('vượt giới hạn maxFileBytes = 2000000');
    expect(reason).toContain("over the source's limit maxFileBytes = 2000000");
    expect(readdirSync(join(inbox, 'processed')).sort()).toEqual(['a-good1.json', 'f-good2.json']);
    expect(readdirSync(inbox).filter((n) => n.endsWith('.json'))).toEqual([]);

    // The CLI names them.
    const listed = await dunghan(['runs', '--rejections', first.id, '--lang', 'en']);
    expect(listed.code).toBe(0);
    for (const name of ['b-long-string.json', 'c-deep.json', 'd-invalid.json', 'e-big.json', 'long-subject'])
      expect(listed.stdout).toContain(name);

    // So does the API: one rejection per file, with no record.
    const api = await bootstrapApi({ env: { ...env, HOST: '127.0.0.1', PORT: '0' }, logger: false });
    try {
      const { token } = await createToken(api.app, { role: 'admin' });
      const res = await fetch(`${api.url}/api/runs/${first.id}/rejections`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { location: string; recordId: string | null; messageVi: string }[];
      expect(body.filter((r) => r.recordId === null).map((r) => r.location)).toEqual([
        'b-long-string.json',
        'c-deep.json',
        'd-invalid.json',
        'e-big.json',
      ]);
      expect(body.find((r) => r.location === 'e-big.json')?.messageVi).toContain(
        'vượt giới hạn maxFileBytes = 2000000 byte của nguồn',
      );
    } finally {
      await api.close();
    }

    // The next sync reads nothing again, and the agency's evaluation runs.
    const again = await dunghan(['sync', '--source', 'office']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    const second = (await runs())[1];
    expect([second.status, second.seen, second.batches]).toEqual(['succeeded', 0, 0]);
    expect(await rejections(second.id)).toEqual([]);
    expect(existsSync(join(rejectedDir, 'e-big.2.json'))).toBe(false);
    const obligations = await dunghan(['obligations']);
    expect([obligations.code, obligations.stderr]).toEqual([0, '']);
    expect((JSON.parse(obligations.stdout) as { obligations: unknown[] }).obligations.length).toBeGreaterThan(
      0,
    );
  });
});
