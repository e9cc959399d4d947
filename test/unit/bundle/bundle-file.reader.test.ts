import { afterAll, describe, expect, it } from '@jest/globals';
import { formatIssue } from '../../../src/domain/bundle/bundle-issue.js';
import type { RecordKind } from '../../../src/domain/model.js';
import type { BundleFileReadResult } from '../../../src/infra/bundle/bundle-file.reader.js';
import { readBundleFile } from '../../../src/infra/bundle/bundle-file.reader.js';
import {
  SECRET_SUBJECT,
  bundle,
  removeWrittenBundles,
  secretDocument,
  task,
  writeBundle,
} from './bundle.factory.js';

afterAll(removeWrittenBundles);

interface Seen {
  result: BundleFileReadResult;
  source: unknown[];
  records: [RecordKind | 'tombstone', unknown, number][];
}

async function read(file: string, chunkSize?: number, batchBytes?: number): Promise<Seen> {
  const seen: Omit<Seen, 'result'> = { source: [], records: [] };
  const result = await readBundleFile(
    file,
    {
      source: (v) => seen.source.push(v),
      record: (kind, v, i) => seen.records.push([kind, v, i]),
      tombstone: (v, i) => seen.records.push(['tombstone', v, i]),
    },
    { chunkSize, batchBytes },
  );
  return { result, ...seen };
}

/** What a reader must hand over for a bundle text, worked out with the whole text in memory. */
function expected(text: string): Seen['records'] {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const kinds: [string, RecordKind | 'tombstone'][] = [
    ['units', 'unit'],
    ['people', 'person'],
    ['documents', 'document'],
    ['tasks', 'task'],
    ['drafts', 'draft'],
    ['weeklySchedules', 'weeklySchedule'],
    ['mailboxes', 'mailbox'],
    ['deleted', 'tombstone'],
  ];
  const out: Seen['records'] = [];
  for (const key of Object.keys(parsed)) {
    const kind = kinds.find(([k]) => k === key)?.[1];
    const list = parsed[key];
    if (kind !== undefined && Array.isArray(list)) list.forEach((v, i) => out.push([kind, v, i]));
  }
  return out;
}

/** Strings and nesting that a boundary finder can get wrong, between odd and unknown keys. */
const TRICKY = `\uFEFF{
  "ignored": {"a": ["]", "}", {"b": "\\"]"}], "c": "\\\\"},
  "format" : "dunghan.bundle.v1",
  "source": {"system": "iOffice \\"Hà Nam\\"", "exportedAt": "2025-03-10T18:00:00+07:00"},
  "tasks": [
    {"id": "t1", "title": "ends with a backslash \\\\", "unitId": "VP"},
    {"id": "t2", "title": "quote \\" bracket ] brace } 𝔘𝔫𝔦 Nguyễn Thị Ánh", "n": [1, [2, {"x": null}]]},
    "not an object",
    17, null, true, [1, 2],
    {"id": "t\\u0033", "title": "\\u0110\\u00fang h\\u1ea1n"}
  ],
  "units": [],
  "extra": [1, 2, 3],
  "deleted": [{"kind": "task", "id": "t9"}],
  "mailboxes": null,
  "people": [ {"id": "p1"} ]
}
`;

describe('readBundleFile: finding records in the stream', () => {
  it('hands over every element of every record list, in order, with its position', async () => {
    const file = await writeBundle(TRICKY);
    const seen = await read(file);
    expect(seen.result.fatal).toBeNull();
    expect(seen.result.issues).toEqual([]);
    expect(seen.records).toEqual(expected(TRICKY.slice(1)));
    expect(seen.source).toEqual([{ system: 'iOffice "Hà Nam"', exportedAt: '2025-03-10T18:00:00+07:00' }]);
  });

  it('finds the same records whatever the read and batch sizes', async () => {
    const file = await writeBundle(TRICKY);
    const want = expected(TRICKY.slice(1));
    for (let chunkSize = 1; chunkSize <= 48; chunkSize++) {
      const seen = await read(file, chunkSize, (chunkSize * 7) % 90);
      expect({ chunkSize, fatal: seen.result.fatal, records: seen.records }).toEqual({
        chunkSize,
        fatal: null,
        records: want,
      });
    }
  });

  it('streams a file many reads long without holding it whole', async () => {
    const tasks = Array.from({ length: 5000 }, (_, i) =>
      task({ id: `t${i}`, title: `Công việc thứ ${i} — “đúng hạn”` }),
    );
    const file = await writeBundle(bundle({ tasks }));
    const seen = await read(file, 8192);
    expect(seen.result.bytes).toBeGreaterThan(200 * 8192);
    const got = seen.records.filter(([k]) => k === 'task');
    expect(got).toHaveLength(5000);
    expect(got[4999]).toEqual(['task', tasks[4999], 4999]);
  });

  it('reports a record list that is not a list and goes on with the others', async () => {
    const file = await writeBundle(
      '{"format": "dunghan.bundle.v1", "tasks": {"id": "t1"}, "units": "VP", "people": [{"id": "p1"}], "drafts": null}',
    );
    const seen = await read(file);
    expect(seen.result.fatal).toBeNull();
    expect(seen.result.issues.map((i) => [i.code, i.field])).toEqual([
      ['not_an_array', 'tasks'],
      ['not_an_array', 'units'],
    ]);
    expect(seen.records).toEqual([['person', { id: 'p1' }, 0]]);
  });

  it('stops at a wrong format without reading on', async () => {
    const file = await writeBundle(
      `{"format": "ioffice.export.v3", "tasks": [${'{"id": "t"},'.repeat(1000)}{"id": "t"}]}`,
    );
    const seen = await read(file, 16);
    expect(seen.result.fatal?.code).toBe('wrong_format');
    expect(seen.result.fatal?.params.value).toBe('ioffice.export.v3');
    expect(seen.records).toEqual([]);
    expect(seen.result.bytes).toBeLessThan(200);
  });

  it('notices a wrong format that comes after the records', async () => {
    const file = await writeBundle('{"tasks": [{"id": "t1"}], "format": 3}');
    const seen = await read(file);
    expect(seen.result.fatal?.code).toBe('wrong_format');
    expect(formatIssue(seen.result.fatal!, 'en')).toBe(
      `${file}: field format: is "3", expected "dunghan.bundle.v1"; this is not a Đúng hạn bundle or another version of it`,
    );
  });
});

describe('readBundleFile: broken JSON is reported with its place', () => {
  const F = '{"format": "dunghan.bundle.v1", ';
  it.each([
    { name: 'an empty file', text: '', reason: 'unexpected_end', at: 0, line: 1 },
    {
      name: 'a comma after the last record',
      text: `${F}"tasks": [{"id": "t1"},\n]}`,
      reason: 'unexpected_character',
      at: 56,
      line: 2,
    },
    {
      name: 'two commas',
      text: `${F}"tasks": [{"id": "t1"},, {"id": "t2"}]}`,
      reason: 'unexpected_character',
      at: 55,
      line: 1,
    },
    {
      name: 'a missing comma between records',
      text: `${F}"tasks": [{"id": "t1"}\n{"id": "t2"}]}`,
      reason: 'invalid_text',
      at: 42,
      line: 1,
    },
    {
      name: 'a bracket closed by a brace',
      text: `${F}"tasks": [{"id": ["t1"}]}`,
      reason: 'mismatched_bracket',
      at: 54,
      line: 1,
    },
    {
      name: 'a bare word in a record',
      text: `${F}"tasks": [\n{"id": t1}]}`,
      reason: 'invalid_text',
      at: 43,
      line: 2,
    },
    {
      name: 'a key without quotes',
      text: '{format: "dunghan.bundle.v1"}',
      reason: 'unexpected_character',
      at: 1,
      line: 1,
    },
    {
      name: 'a missing colon',
      text: '{"format" "dunghan.bundle.v1"}',
      reason: 'unexpected_character',
      at: 10,
      line: 1,
    },
    {
      name: 'text after the bundle',
      text: `${F}"tasks": []}\n\n}`,
      reason: 'unexpected_character',
      at: 46,
      line: 3,
    },
    {
      name: 'a comma before the closing brace',
      text: `${F}"tasks": [],}`,
      reason: 'unexpected_character',
      at: 44,
      line: 1,
    },
    {
      name: 'a string that never ends',
      text: `${F}"tasks": [{"id": "t1}]}`,
      reason: 'unexpected_end',
      at: 55,
      line: 1,
    },
    { name: 'a broken format value', text: '{"format": dunghan}', reason: 'invalid_text', at: 11, line: 1 },
  ])('$name', async ({ text, reason, at, line }) => {
    const file = await writeBundle(text);
    for (const chunkSize of [3, 1 << 20]) {
      const { result } = await read(file, chunkSize);
      expect(result.fatal).toMatchObject({
        code: 'invalid_json',
        kind: 'bundle',
        file,
        params: { reason, offset: at, line },
      });
    }
  });

  it('points the clerk at the line, in Vietnamese and in English', async () => {
    const file = await writeBundle(
      `{\n"format": "dunghan.bundle.v1",\n"tasks": [\n{"id": "t1"},\n{"id": "t2",}\n]}`,
    );
    const { result } = await read(file);
    expect(formatIssue(result.fatal!, 'vi')).toBe(
      `${file}: tệp không phải JSON hợp lệ: phần JSON bắt đầu tại đây viết sai cú pháp (dòng 5, byte 58)`,
    );
    expect(formatIssue(result.fatal!, 'en')).toBe(
      `${file}: not valid JSON: the JSON starting here is not valid (line 5, byte 58)`,
    );
  });

  it('never quotes the broken text, which may be part of a confidential document', async () => {
    const good = JSON.stringify(bundle({ documents: [secretDocument()] }));
    const broken = good.replace(`"subject":"${SECRET_SUBJECT}"`, `"subject":"${SECRET_SUBJECT}" oops`);
    expect(broken).not.toBe(good);
    const { result } = await read(await writeBundle(broken));
    expect(result.fatal?.code).toBe('invalid_json');
    const text = JSON.stringify(result) + formatIssue(result.fatal!, 'vi') + formatIssue(result.fatal!, 'en');
    expect(text).not.toContain(SECRET_SUBJECT);
  });

  it('refuses a string longer than maxTextLength can be as soon as its bytes prove it, whatever the read size', async () => {
    const max = 10;
    const long = JSON.stringify(bundle({ documents: [{ id: 'd', subject: 'x'.repeat(6 * max + 1) }] }));
    // Ten characters written as \\u escapes, 6 bytes each: at the limit, not over it.
    const fits = JSON.stringify(bundle({ documents: [{ id: 'd', subject: 'é'.repeat(max) }] })).replace(
      'é'.repeat(max),
      '\\u00e9'.repeat(max),
    );
    // A byte offset: the text before it holds Vietnamese.
    const at = Buffer.byteLength(long.slice(0, long.indexOf('"' + 'x'.repeat(6 * max))));
    for (const chunkSize of [7, 1 << 20]) {
      const refused = await readBundleFile(
        await writeBundle(long),
        { source: () => undefined, record: () => undefined, tombstone: () => undefined },
        { chunkSize, maxTextLength: max },
      );
      expect(refused.fatal).toMatchObject({
        code: 'over_limit',
        params: { limit: 'maxTextLength', max, offset: at, line: 1 },
      });
      expect(formatIssue(refused.fatal!, 'en')).toMatch(
        /: a string longer than 62 bytes \(line 1, byte \d+\), over the source's limit maxTextLength = 10 characters$/,
      );
      const kept: unknown[] = [];
      const read = await readBundleFile(
        await writeBundle(fits),
        {
          source: () => undefined,
          record: (k, v) => k === 'document' && kept.push(v),
          tombstone: () => undefined,
        },
        { chunkSize, maxTextLength: max },
      );
      expect(read.fatal).toBeNull();
      expect(kept).toEqual([{ id: 'd', subject: 'é'.repeat(max) }]);
    }
  });

  it('refuses nesting deeper than maxDepth, counting the root object and its array', async () => {
    const nested = (levels: number) =>
      JSON.stringify(
        bundle({ documents: [{ id: 'd', x: JSON.parse('['.repeat(levels) + ']'.repeat(levels)) }] }),
      );
    const visitor = { source: () => undefined, record: () => undefined, tombstone: () => undefined };
    // root { → documents [ → record { → 5 arrays: depth 8.
    expect((await readBundleFile(await writeBundle(nested(5)), visitor, { maxDepth: 8 })).fatal).toBeNull();
    const deep = await readBundleFile(await writeBundle(nested(6)), visitor, { maxDepth: 8 });
    expect(deep.fatal).toMatchObject({ code: 'over_limit', params: { limit: 'maxDepth', max: 8 } });
    expect(formatIssue(deep.fatal!, 'vi')).toMatch(
      /dữ liệu lồng nhau sâu hơn 8 cấp \(dòng 1, byte \d+\), vượt giới hạn maxDepth = 8 của nguồn$/,
    );
  });

  it('tells a bundle that is JSON but not an object from one that is not JSON', async () => {
    expect((await read(await writeBundle('[{"format": "dunghan.bundle.v1"}]'))).result.fatal?.code).toBe(
      'not_an_object',
    );
    expect((await read(await writeBundle('"dunghan.bundle.v1"'))).result.fatal?.code).toBe('not_an_object');
    expect((await read(await writeBundle('<?xml version="1.0"?>'))).result.fatal?.params.reason).toBe(
      'unexpected_character',
    );
  });
});
