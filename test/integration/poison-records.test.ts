/**
 * A record a source should never have sent is one rejection that names it, never a stopped agency
 * (issue 11): its good neighbours go in, the run succeeds, and the next sync and `dunghan
 * obligations` still work. Bundle-folder syncs through the CLI into real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { exampleBundle } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import { folderSource, type FolderSource } from './support/sync-fixture.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';

interface Rejection {
  record_id: string | null;
  field: string | null;
  message_vi: string;
  message_en: string;
}

describe('poison records in a bundle folder (real Postgres)', () => {
  let db: TestDatabase;
  let fixture: FolderSource;
  let env: NodeJS.ProcessEnv;
  const dunghan = (argv: string[]) => capture((io) => runCli(argv, io), env);
  const rejectionsOfLastRun = () =>
    query<Rejection>(
      db.url,
      `SELECT record_id, field, message_vi, message_en FROM sync_rejections
        WHERE run_id = (SELECT max(id) FROM sync_runs WHERE source = 'office') ORDER BY id`,
    );
  const documentIds = async () =>
    (await query<{ id: string }>(db.url, 'SELECT id FROM documents ORDER BY id')).map((r) => r.id);
  const lastRun = async () =>
    (
      await query<{ status: string; error: string | null }>(
        db.url,
        `SELECT status, error FROM sync_runs WHERE source = 'office' ORDER BY id DESC LIMIT 1`,
      )
    )[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    fixture = folderSource('office');
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_CLOCK: '2024-05-08T17:00:00+07:00',
      DUNGHAN_WORKER_NAME: 'poison-test',
    };
  });
  afterAll(() => db.drop());

  it('rejects a .NET "no date" (0001-01-01) by record and field, stores the rest, and keeps the agency running', async () => {
    const bundle = exampleBundle();
    bundle.documents.push({ ...bundle.documents[0], id: 'net-nodate', receivedAt: '0001-01-01T00:00:00Z' });
    writeFileSync(join(fixture.inbox, 'a-export.json'), JSON.stringify(bundle));

    const synced = await dunghan(['sync', '--source', 'office']);
    expect([synced.code, synced.stderr]).toEqual([0, '']);
    expect(await lastRun()).toEqual({ status: 'succeeded', error: null });
    const ids = await documentIds();
    expect(ids).toContain('e3');
    expect(ids).not.toContain('net-nodate');
    expect(await rejectionsOfLastRun()).toEqual([
      {
        record_id: 'net-nodate',
        field: 'receivedAt',
        message_vi: expect.stringContaining(
          '0001-01-01T00:00:00Z nằm ngoài khoảng hợp lý (1990-01-01 – 2034-05-08)',
        ),
        message_en: expect.stringContaining('outside the plausible range (1990-01-01 – 2034-05-08)'),
      },
    ]);

    // The next sync and the stored evaluation are not held hostage by it.
    const more = exampleBundle();
    more.documents = [{ ...more.documents[0], id: 'later', subject: 'V/v sau' }];
    writeFileSync(join(fixture.inbox, 'b-export.json'), JSON.stringify({ ...more, deleted: [] }));
    const again = await dunghan(['sync', '--source', 'office']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(await lastRun()).toEqual({ status: 'succeeded', error: null });
    expect(await documentIds()).toContain('later');
    const obligations = await dunghan(['obligations']);
    expect([obligations.code, obligations.stderr]).toEqual([0, '']);
    expect((JSON.parse(obligations.stdout) as { obligations: unknown[] }).obligations.length).toBeGreaterThan(
      0,
    );
  });

  it('refuses a NUL or a lone surrogate in an id, a link or an address by field, strips control characters from a subject, and stores the rest', async () => {
    const bundle = exampleBundle();
    const doc = bundle.documents[0];
    bundle.documents = [
      { ...doc, id: 'nul\u0000id' },
      { ...doc, id: 'lone\uD800', number: 'x' },
      { ...doc, id: 'nul-subject', subject: 'V/v báo\u0000 cáo\u001B\tquý' },
    ];
    bundle.tasks = [{ ...bundle.tasks[0], id: 'links-nul', documentId: 'e3\u0000' }];
    bundle.drafts = [];
    bundle.mailboxes = [{ ...bundle.mailboxes[0], address: 'chaunm\u0000@hanam.gov.vn' }];
    bundle.deleted = [{ kind: 'document', id: 'gone\u0000' }];
    writeFileSync(join(fixture.inbox, 'c-export.json'), JSON.stringify(bundle));

    const synced = await dunghan(['sync', '--source', 'office']);
    expect([synced.code, synced.stderr]).toEqual([0, '']);
    expect(await lastRun()).toEqual({ status: 'succeeded', error: null });
    const [stored] = await query<{ subject: string }>(
      db.url,
      `SELECT subject FROM documents WHERE id = 'nul-subject'`,
    );
    expect(stored.subject).toBe('V/v báo cáo\tquý');
    const rejected = (await rejectionsOfLastRun()).map((r) => [r.record_id, r.field, r.message_en]);
    const why = 'which cannot be stored; the source system must export this record again';
    expect(rejected).toEqual([
      [
        'nul\\u0000id',
        'id',
        `c-export.json: document nul\\u0000id, field id: contains a NUL character (U+0000), ${why}`,
      ],
      [
        'lone\\uD800',
        'id',
        'c-export.json: document lone\\uD800, field id: contains a broken UTF-16 character (a lone surrogate U+D800); ' +
          'the source system must export this record again',
      ],
      [
        'links-nul',
        'documentId',
        `c-export.json: task links-nul, field documentId: contains a NUL character (U+0000), ${why}`,
      ],
      [
        'CV1',
        'address',
        `c-export.json: mailbox CV1, field address: contains a NUL character (U+0000), ${why}`,
      ],
      [
        'gone\\u0000',
        'id',
        `c-export.json: deleted entry gone\\u0000, field id: contains a NUL character (U+0000), ${why}`,
      ],
    ]);
    const [vi] = await rejectionsOfLastRun();
    expect(vi.message_vi).toBe(
      'c-export.json: văn bản (document) nul\\u0000id, trường id: chứa ký tự NUL (U+0000), không lưu được; hệ thống nguồn cần xuất lại bản ghi này',
    );
    const obligations = await dunghan(['obligations']);
    expect([obligations.code, obligations.stderr]).toEqual([0, '']);
  });

  it('refuses a record with a repeated key, naming the key, and stores the others', async () => {
    const bundle = exampleBundle();
    const doc = { ...bundle.documents[0], id: 'two-minds', subject: 'Kế hoạch mật Zebra' };
    bundle.documents = [{ ...bundle.documents[0], id: 'one-mind' }, doc];
    bundle.tasks = [];
    bundle.drafts = [];
    // JSON.parse would keep the last value: "normal" would win over "secret".
    const text = JSON.stringify(bundle).replace(
      '{"id":"two-minds",',
      '{"id":"two-minds","confidentiality":"secret",',
    );
    expect(text).toContain('"confidentiality":"secret"');
    writeFileSync(join(fixture.inbox, 'd-export.json'), text);

    const synced = await dunghan(['sync', '--source', 'office']);
    expect([synced.code, synced.stderr]).toEqual([0, '']);
    expect(await lastRun()).toEqual({ status: 'succeeded', error: null });
    const ids = await documentIds();
    expect(ids).toContain('one-mind');
    expect(ids).not.toContain('two-minds');
    expect(await rejectionsOfLastRun()).toEqual([
      {
        record_id: 'two-minds',
        field: 'confidentiality',
        message_vi:
          'd-export.json: văn bản (document) two-minds, trường confidentiality: khoá này xuất hiện hai lần trong cùng một bản ghi; ' +
          'không biết giá trị nào đúng nên bản ghi bị loại',
        message_en:
          'd-export.json: document two-minds, field confidentiality: this key appears twice in the same record; ' +
          'which value is meant cannot be known, so the record was rejected',
      },
    ]);
  });
});
