import { afterAll, describe, expect, it } from '@jest/globals';
import { formatIssue } from '../../../src/domain/bundle/bundle-issue.js';
import type { BundleIssue } from '../../../src/domain/bundle/bundle-issue.js';
import type { Dataset } from '../../../src/domain/model.js';
import { isSecret } from '../../../src/domain/model.js';
import { parseDay, parseInstant } from '../../../src/domain/time.js';
import { loadBundles } from '../../../src/infra/bundle/load-bundles.js';
import type { RawBundle } from './bundle.factory.js';
import {
  SECRET_NUMBER,
  SECRET_SUBJECT,
  bundle,
  draft,
  incoming,
  mailbox,
  person,
  schedule,
  secretDocument,
  task,
  unit,
  removeWrittenBundles,
  writeBundle,
} from './bundle.factory.js';

afterAll(removeWrittenBundles);

const EXAMPLE = new URL('../../fixtures/examples/2024-basic/bundle.json', import.meta.url).pathname;

function messages(issues: readonly BundleIssue[]): { vi: string[]; en: string[] } {
  return { vi: issues.map((i) => formatIssue(i, 'vi')), en: issues.map((i) => formatIssue(i, 'en')) };
}

function ids(dataset: Dataset) {
  return {
    units: [...dataset.units.keys()].sort(),
    people: [...dataset.people.keys()].sort(),
    documents: [...dataset.documents.keys()].sort(),
    tasks: [...dataset.tasks.keys()].sort(),
    drafts: [...dataset.drafts.keys()].sort(),
    weeklySchedules: [...dataset.weeklySchedules.keys()].sort(),
    mailboxes: dataset.mailboxes.length,
  };
}

/** Everything a dataset holds, as text, to search for what must not be there. */
function dump(dataset: Dataset): string {
  return JSON.stringify(dataset, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
}

/** What the factory's valid bundle holds. */
const ALL = {
  units: ['VP'],
  people: ['p1', 'p2'],
  documents: ['d1'],
  tasks: ['t1'],
  drafts: ['dr1'],
  weeklySchedules: ['VP|2025-W11'],
  mailboxes: 1,
};

describe('loadBundles: a bad record is reported and skipped, the rest of the bundle is kept', () => {
  const rows: {
    name: string;
    parts: RawBundle;
    vi: string[];
    en: string[];
    severity: 'error' | 'warning';
    kept: Partial<typeof ALL>;
  }[] = [
    {
      name: 'a date off the calendar',
      parts: { tasks: [task(), task({ id: 't2', deadline: '2025-02-30' })] },
      vi: ['công việc (task) t2, trường deadline: ngày 2025-02-30 không có trên lịch'],
      en: ['task t2, field deadline: 2025-02-30 is not a date on the calendar'],
      severity: 'error',
      kept: {},
    },
    {
      name: 'a timestamp without an offset',
      parts: {
        weeklySchedules: [schedule(), schedule({ week: '2025-W12', publishedAt: '2025-03-14T16:00:00' })],
      },
      vi: [
        'lịch công tác tuần (weeklySchedule) VP|2025-W12, trường publishedAt: thời điểm 2025-03-14T16:00:00 thiếu múi giờ; cần ghi rõ, ví dụ 2025-03-14T16:00:00+07:00',
      ],
      en: [
        'weekly schedule VP|2025-W12, field publishedAt: timestamp 2025-03-14T16:00:00 has no UTC offset; write one, e.g. 2025-03-14T16:00:00+07:00',
      ],
      severity: 'error',
      kept: {},
    },
    {
      name: 'a missing required field',
      parts: {
        people: [person({ id: 'p1', role: 'unit_head' }), person(), person({ id: 'p3', unitId: undefined })],
      },
      vi: ['cán bộ (person) p3, trường unitId: bắt buộc nhưng bị thiếu hoặc để trống'],
      en: ['person p3, field unitId: is required but missing or empty'],
      severity: 'error',
      kept: {},
    },
    {
      name: 'a value outside the list',
      parts: { documents: [incoming(), incoming({ id: 'd2', direction: 'inbound' })] },
      vi: [
        'văn bản (document) d2, trường direction: giá trị "inbound" không hợp lệ; chỉ nhận: incoming, outgoing',
      ],
      en: ['document d2, field direction: "inbound" is not allowed; expected one of: incoming, outgoing'],
      severity: 'error',
      kept: {},
    },
    {
      name: 'a record that is not an object',
      parts: { tasks: [task(), 42] },
      vi: ['công việc (task) tại tasks[1] (không có id): bản ghi phải là một đối tượng JSON { … }'],
      en: ['task at tasks[1] (no id): the record must be a JSON object { … }'],
      severity: 'error',
      kept: {},
    },
    {
      name: "a task's unit that does not exist",
      parts: { tasks: [task(), task({ id: 't2', unitId: 'KT' })] },
      vi: ['công việc (task) t2, trường unitId: đơn vị KT không có trong dữ liệu đã nhập; bản ghi bị loại'],
      en: ['task t2, field unitId: unit KT is not in the imported data; the record was rejected'],
      severity: 'error',
      kept: {},
    },
    {
      name: "a task's document that does not exist",
      parts: { tasks: [task(), task({ id: 't2', documentId: 'd404' })] },
      vi: [
        'công việc (task) t2, trường documentId: văn bản d404 không có trong dữ liệu đã nhập; bản ghi bị loại',
      ],
      en: ['task t2, field documentId: document d404 is not in the imported data; the record was rejected'],
      severity: 'error',
      kept: {},
    },
    {
      name: "a draft's task that does not exist",
      parts: { drafts: [draft(), draft({ id: 'dr2', taskId: 't404' })] },
      vi: [
        'dự thảo (draft) dr2, trường taskId: công việc t404 không có trong dữ liệu đã nhập; bản ghi bị loại',
      ],
      en: ['draft dr2, field taskId: task t404 is not in the imported data; the record was rejected'],
      severity: 'error',
      kept: {},
    },
    {
      name: "a person's unit that does not exist",
      parts: {
        people: [person({ id: 'p1', role: 'unit_head' }), person(), person({ id: 'p3', unitId: 'KT' })],
      },
      vi: ['cán bộ (person) p3, trường unitId: đơn vị KT không có trong dữ liệu đã nhập; bản ghi bị loại'],
      en: ['person p3, field unitId: unit KT is not in the imported data; the record was rejected'],
      severity: 'error',
      kept: {},
    },
    {
      name: 'a schedule for a unit that does not exist',
      parts: { weeklySchedules: [schedule(), schedule({ unitId: 'KT' })] },
      vi: [
        'lịch công tác tuần (weeklySchedule) KT|2025-W11, trường unitId: đơn vị KT không có trong dữ liệu đã nhập; bản ghi bị loại',
      ],
      en: [
        'weekly schedule KT|2025-W11, field unitId: unit KT is not in the imported data; the record was rejected',
      ],
      severity: 'error',
      kept: {},
    },
    {
      name: 'an unknown drafter: kept, with a warning',
      parts: { drafts: [draft(), draft({ id: 'dr2', drafterId: 'p404' })] },
      vi: [
        'dự thảo (draft) dr2, trường drafterId: cán bộ p404 không có trong dữ liệu đã nhập; bản ghi vẫn được giữ',
      ],
      en: ['draft dr2, field drafterId: person p404 is not in the imported data; the record was kept'],
      severity: 'warning',
      kept: { drafts: ['dr1', 'dr2'] },
    },
    {
      name: 'an unknown assignee: kept, with a warning',
      parts: { tasks: [task(), task({ id: 't2', assigneeId: 'p404' })] },
      vi: [
        'công việc (task) t2, trường assigneeId: cán bộ p404 không có trong dữ liệu đã nhập; bản ghi vẫn được giữ',
      ],
      en: ['task t2, field assigneeId: person p404 is not in the imported data; the record was kept'],
      severity: 'warning',
      kept: { tasks: ['t1', 't2'] },
    },
  ];

  it.each(rows)('$name', async ({ parts, vi, en, severity, kept }) => {
    const file = await writeBundle(bundle(parts));
    const loaded = await loadBundles([file]);
    expect(loaded.fatal).toBeNull();
    expect(messages(loaded.issues)).toEqual({
      vi: vi.map((m) => `${file}: ${m}`),
      en: en.map((m) => `${file}: ${m}`),
    });
    expect(loaded.issues.map((i) => i.severity)).toEqual(vi.map(() => severity));
    expect(ids(loaded.dataset)).toEqual({ ...ALL, ...kept });
  });

  it('reads the dating basis an edXML source writes, and nothing of it for a confidential document', async () => {
    const file = await writeBundle(
      bundle({
        documents: [
          incoming({ receivedAtBasis: 'status' }),
          incoming({ id: 'd2', receivedAtBasis: 'file' }),
          incoming({ id: 'd3' }),
          secretDocument({ receivedAtBasis: 'gateway' }),
        ],
      }),
    );
    const loaded = await loadBundles([file]);
    expect(loaded.issues).toEqual([]);
    const basis = (id: string) => {
      const doc = loaded.dataset.documents.get(id)!;
      return isSecret(doc) ? 'secret' : (doc.timeBasis ?? 'none');
    };
    expect(['d1', 'd2', 'd3', 's1'].map(basis)).toEqual(['status', 'file', 'none', 'secret']);
    expect(loaded.dataset.documents.get('s1')).not.toHaveProperty('timeBasis');
  });

  it('accepts an assigner and a reviewer from outside the agency without a word', async () => {
    const file = await writeBundle(
      bundle({
        tasks: [task({ assignerId: 'UBND-tinh' })],
        drafts: [draft({ reviewRounds: [{ at: '2025-03-14T14:00:00+07:00', reviewerId: 'UBND-tinh' }] })],
      }),
    );
    const loaded = await loadBundles([file]);
    expect(loaded.issues).toEqual([]);
    expect(ids(loaded.dataset)).toEqual(ALL);
  });

  it('says so when a record points at one that was rejected, and drops the drafts of a dropped task', async () => {
    const file = await writeBundle(
      bundle({
        units: [unit(), unit({ id: 'KT', name: '' })],
        tasks: [task(), task({ id: 't2', unitId: 'KT' }), task({ id: 't3', unitId: 'XX' })],
        drafts: [draft(), draft({ id: 'dr3', taskId: 't3' })],
      }),
    );
    const loaded = await loadBundles([file]);
    expect(messages(loaded.issues).vi).toEqual([
      `${file}: đơn vị (unit) KT, trường name: bắt buộc nhưng bị thiếu hoặc để trống`,
      `${file}: công việc (task) t2, trường unitId: đơn vị KT mà bản ghi này trỏ tới đã bị loại vì lỗi riêng của nó (xem lỗi đó); bản ghi này cũng bị loại`,
      `${file}: công việc (task) t3, trường unitId: đơn vị XX không có trong dữ liệu đã nhập; bản ghi bị loại`,
      `${file}: dự thảo (draft) dr3, trường taskId: công việc t3 mà bản ghi này trỏ tới đã bị loại vì lỗi riêng của nó (xem lỗi đó); bản ghi này cũng bị loại`,
    ]);
    expect(formatIssue(loaded.issues[3], 'en')).toBe(
      `${file}: draft dr3, field taskId: task t3 that this record refers to was rejected for its own error (see that one); this record was rejected too`,
    );
    expect(ids(loaded.dataset)).toEqual(ALL);
  });

  it('skips a record list that is not a list, and reads null as an empty one', async () => {
    const file = await writeBundle(
      bundle({ weeklySchedules: 'W11' as unknown as unknown[], mailboxes: null as unknown as unknown[] }),
    );
    const loaded = await loadBundles([file]);
    expect(messages(loaded.issues)).toEqual({
      vi: [`${file}: trường weeklySchedules: phải là một mảng [ … ] (hoặc null); phần này bị bỏ qua`],
      en: [`${file}: field weeklySchedules: must be an array [ … ] (or null); it was skipped`],
    });
    expect(ids(loaded.dataset)).toEqual({ ...ALL, weeklySchedules: [], mailboxes: 0 });
  });

  it('reports a malformed source and goes on', async () => {
    const file = await writeBundle(bundle({ source: { system: 'x', exportedAt: '10/03/2025' } }));
    const loaded = await loadBundles([file]);
    expect(messages(loaded.issues).vi).toEqual([
      `${file}: trường source.exportedAt: "10/03/2025" không phải thời điểm hợp lệ; cần dạng 2025-03-10T09:15:00+07:00`,
    ]);
    expect(ids(loaded.dataset)).toEqual(ALL);
  });
});

describe('loadBundles: a file that cannot be used stops the load', () => {
  it.each([
    {
      name: 'another format',
      content: bundle({ format: 'dunghan.bundle.v2' }) as RawBundle | string,
      vi: 'trường format: là "dunghan.bundle.v2", cần "dunghan.bundle.v1"; đây không phải tệp dữ liệu của Đúng hạn hoặc là phiên bản khác',
      en: 'field format: is "dunghan.bundle.v2", expected "dunghan.bundle.v1"; this is not a Đúng hạn bundle or another version of it',
    },
    {
      name: 'no format at all',
      content: bundle({ format: undefined }),
      vi: 'thiếu "format": "dunghan.bundle.v1"; đây không phải tệp dữ liệu của Đúng hạn',
      en: 'no "format": "dunghan.bundle.v1"; this is not a Đúng hạn bundle',
    },
    {
      name: 'broken JSON inside a record',
      content:
        '{\n "format": "dunghan.bundle.v1",\n "tasks": [\n  {"id": "t1", "unitId": "VP"},\n  {"id": "t2", "unitId": VP}\n ]\n}\n',
      vi: 'tệp không phải JSON hợp lệ: phần JSON bắt đầu tại đây viết sai cú pháp (dòng 5, byte 80)',
      en: 'not valid JSON: the JSON starting here is not valid (line 5, byte 80)',
    },
    {
      name: 'a truncated file',
      content: '{"format": "dunghan.bundle.v1", "tasks": [{"id": "t1"',
      vi: 'tệp không phải JSON hợp lệ: tệp kết thúc giữa chừng (bị cắt cụt?) (dòng 1, byte 53)',
      en: 'not valid JSON: the file ends too early (truncated?) (line 1, byte 53)',
    },
    {
      name: 'a list instead of a bundle object',
      content: '[{"id": "t1"}]',
      vi: 'nội dung tệp phải là một đối tượng JSON { "format": …, "units": […], … }',
      en: 'the file must hold one JSON object { "format": …, "units": […], … }',
    },
  ])('$name', async ({ content, vi, en }) => {
    const file = await writeBundle(content);
    const loaded = await loadBundles([file]);
    expect(loaded.fatal).not.toBeNull();
    expect(formatIssue(loaded.fatal!, 'vi')).toBe(`${file}: ${vi}`);
    expect(formatIssue(loaded.fatal!, 'en')).toBe(`${file}: ${en}`);
    expect(ids(loaded.dataset)).toEqual(ids(emptyLike()));
  });

  it('names a file that cannot be read', async () => {
    const file = (await writeBundle(bundle())) + '.missing';
    const loaded = await loadBundles([file]);
    expect(formatIssue(loaded.fatal!, 'vi')).toBe(
      `${file}: không đọc được tệp (ENOENT); kiểm tra đường dẫn và quyền đọc`,
    );
    expect(formatIssue(loaded.fatal!, 'en')).toBe(
      `${file}: cannot read the file (ENOENT); check the path and read permission`,
    );
  });

  it('stops at the first unusable file and reads no further', async () => {
    const good = await writeBundle(bundle());
    const bad = await writeBundle(bundle({ format: 'other' }));
    const never = await writeBundle('not even JSON');
    const loaded = await loadBundles([good, bad, never]);
    expect(loaded.fatal?.file).toBe(bad);
    expect(loaded.fatal?.code).toBe('wrong_format');
    expect(loaded.counts.files).toBe(1);
  });
});

function emptyLike(): Dataset {
  return {
    units: new Map(),
    people: new Map(),
    documents: new Map(),
    tasks: new Map(),
    drafts: new Map(),
    weeklySchedules: new Map(),
    mailboxes: [],
  };
}

describe('loadBundles: merging bundles in order (BUNDLE.md)', () => {
  it('replaces a record whole with a later one of the same kind and id', async () => {
    const first = await writeBundle(bundle());
    const second = await writeBundle({
      format: 'dunghan.bundle.v1',
      tasks: [{ id: 't1', unitId: 'VP', assignedAt: '2025-03-11T08:00:00+07:00', title: 'Bản sửa' }],
    });
    const { dataset, issues } = await loadBundles([first, second]);
    expect(issues).toEqual([]);
    // Nothing of the first version survives: not its deadline, document, plan or changes.
    expect(dataset.tasks.get('t1')).toEqual({
      id: 't1',
      documentId: null,
      title: 'Bản sửa',
      assignerId: null,
      unitId: 'VP',
      assigneeId: null,
      assignedAt: parseInstant('2025-03-11T08:00:00+07:00'),
      deadline: null,
      deadlineChanges: [],
      plan: null,
      completedAt: null,
      cancelledAt: null,
    });
  });

  it('keys records by kind and id, so a task and a document may share an id', async () => {
    const file = await writeBundle(
      bundle({ documents: [incoming({ id: 'x' })], tasks: [task({ id: 'x', documentId: 'x' })], drafts: [] }),
    );
    const { dataset, issues } = await loadBundles([file]);
    expect(issues).toEqual([]);
    expect(dataset.documents.has('x') && dataset.tasks.has('x')).toBe(true);
  });

  it("applies a bundle's deletions after its own records, wherever they stand in the file", async () => {
    const { deleted: _none, ...rest } = bundle({ tasks: [task(), task({ id: 't2' })] });
    const text = JSON.stringify({
      deleted: [
        { kind: 'task', id: 't2' },
        { kind: 'draft', id: 'dr1' },
      ],
      ...rest,
    });
    expect(text.indexOf('"deleted"')).toBeLessThan(text.indexOf('"tasks"'));
    const { dataset, issues } = await loadBundles([await writeBundle(text)]);
    expect(issues).toEqual([]);
    expect(ids(dataset)).toEqual({ ...ALL, drafts: [] });
  });

  it('lets a later bundle bring back a deleted record, and a deletion remove an earlier bundle’s record', async () => {
    const first = await writeBundle(bundle({ tasks: [task(), task({ id: 't2' })] }));
    const second = await writeBundle({ format: 'dunghan.bundle.v1', deleted: [{ kind: 'task', id: 't2' }] });
    const third = await writeBundle({
      format: 'dunghan.bundle.v1',
      tasks: [task({ id: 't2', title: 'Giao lại' })],
    });
    expect((await loadBundles([first, second])).dataset.tasks.has('t2')).toBe(false);
    const all = await loadBundles([first, second, third]);
    expect(all.dataset.tasks.get('t2')?.title).toBe('Giao lại');
  });

  it('keeps every mailbox observation, once each, across bundles', async () => {
    const seen = mailbox({ lastActiveAt: '2025-03-10T08:00:00+07:00' });
    const first = await writeBundle(bundle({ mailboxes: [seen] }));
    const second = await writeBundle({
      format: 'dunghan.bundle.v1',
      mailboxes: [
        seen,
        mailbox({ lastActiveAt: '2025-06-02T08:00:00+07:00' }),
        mailbox({ address: 'b@gmail.com' }),
      ],
    });
    const { dataset } = await loadBundles([first, second]);
    expect(dataset.mailboxes).toEqual([
      {
        personId: 'p2',
        address: 'b.tt@hanam.gov.vn',
        lastActiveAt: parseInstant('2025-03-10T08:00:00+07:00'),
      },
      {
        personId: 'p2',
        address: 'b.tt@hanam.gov.vn',
        lastActiveAt: parseInstant('2025-06-02T08:00:00+07:00'),
      },
      { personId: 'p2', address: 'b@gmail.com', lastActiveAt: parseInstant('2025-03-10T08:00:00+07:00') },
    ]);
  });

  it('keys weekly schedules by unit and week', async () => {
    const first = await writeBundle(
      bundle({ weeklySchedules: [schedule(), schedule({ week: '2025-W12' })] }),
    );
    const second = await writeBundle({
      format: 'dunghan.bundle.v1',
      weeklySchedules: [schedule({ publishedAt: '2025-03-08T09:00:00+07:00' })],
    });
    const { dataset } = await loadBundles([first, second]);
    expect([...dataset.weeklySchedules.keys()]).toEqual(['VP|2025-W11', 'VP|2025-W12']);
    expect(dataset.weeklySchedules.get('VP|2025-W11')?.publishedAt).toBe(
      parseInstant('2025-03-08T09:00:00+07:00'),
    );
  });

  it('resolves a reference to a record that only a later bundle brings', async () => {
    const first = await writeBundle(bundle({ tasks: [task(), task({ id: 't2', unitId: 'KT' })] }));
    const second = await writeBundle({
      format: 'dunghan.bundle.v1',
      units: [unit({ id: 'KT', name: 'Phòng Kế toán', headId: null })],
    });
    const { issues, dataset } = await loadBundles([first, second]);
    expect(issues).toEqual([]);
    expect(dataset.tasks.has('t2')).toBe(true);
  });

  it('keeps the earlier version when a later one is rejected', async () => {
    const first = await writeBundle(bundle());
    const second = await writeBundle({
      format: 'dunghan.bundle.v1',
      tasks: [task({ deadline: '2025-02-30' })],
    });
    const { issues, dataset } = await loadBundles([first, second]);
    expect(issues.map((i) => [i.file, i.id, i.code])).toEqual([[second, 't1', 'invalid_date']]);
    expect(dataset.tasks.get('t1')?.deadline).toBe(parseDay('2025-03-18'));
  });

  it('names the bundle a record came from in a message raised after the merge', async () => {
    const first = await writeBundle(bundle());
    const second = await writeBundle({
      format: 'dunghan.bundle.v1',
      tasks: [task({ id: 't2', unitId: 'XX' })],
    });
    const { issues } = await loadBundles([first, second]);
    expect(issues.map((i) => i.file)).toEqual([second]);
  });

  it('changes nothing when the same bundle is imported twice', async () => {
    const file = await writeBundle(
      bundle({
        tasks: [task(), task({ id: 't2' })],
        mailboxes: [mailbox(), mailbox({ lastActiveAt: null })],
        deleted: [{ kind: 'task', id: 't2' }],
      }),
    );
    const once = await loadBundles([file]);
    const twice = await loadBundles([file, file]);
    expect(twice.dataset).toEqual(once.dataset);
    expect(dump(twice.dataset)).toBe(dump(once.dataset));
  });
});

describe('loadBundles: confidential documents leave nothing behind but ids (DOMAIN.md §4)', () => {
  const SECRET_TITLE = 'Thẩm tra hồ sơ Zebra-4412';
  // Ids no temp path can contain, so a search of the messages for them means something.
  const HIDDEN = [
    'SECRET-T5',
    'SECRET-T6',
    'SECRET-T7',
    'SECRET-DR5',
    'SECRET-DR6',
    'SECRET-DR7',
    'SECRET-DR8',
  ];

  async function loadSecretBundle() {
    const file = await writeBundle(
      bundle({
        documents: [
          incoming(),
          secretDocument(),
          secretDocument({ id: 's2', date: '2025-02-31', urgency: SECRET_SUBJECT }),
        ],
        tasks: [
          task(),
          task({
            id: 'SECRET-T5',
            documentId: 's1',
            title: SECRET_TITLE,
            assigneeId: 'p-hidden',
            unitId: 'KT',
          }),
          task({ id: 'SECRET-T6', documentId: 's1', title: SECRET_TITLE, deadline: '2031-02-29' }),
          task({ id: 'SECRET-T7', documentId: 's2', title: SECRET_TITLE }),
        ],
        drafts: [
          draft(),
          draft({
            id: 'SECRET-DR5',
            taskId: 'SECRET-T5',
            drafterId: 'p-hidden',
            submittedToUnitAt: '2025-03-20T15:00:00+07:00',
          }),
          draft({ id: 'SECRET-DR6', taskId: 'SECRET-T5', unitDeadline: '2033-02-30' }),
          draft({ id: 'SECRET-DR7', taskId: 'SECRET-T6', unitDeadline: '2034-02-30' }),
          draft({ id: 'SECRET-DR8', taskId: 'SECRET-T7', drafterId: 'p-hidden' }),
        ],
      }),
    );
    return { file, loaded: await loadBundles([file]) };
  }

  it('stores the document, its tasks and their drafts as ids and links only', async () => {
    const { dataset } = (await loadSecretBundle()).loaded;
    expect(dataset.documents.get('s1')).toEqual({
      id: 's1',
      confidentiality: 'secret',
      direction: 'incoming',
      date: parseDay('2025-03-05'),
    });
    expect(dataset.tasks.get('SECRET-T5')).toEqual({
      id: 'SECRET-T5',
      documentId: 's1',
      title: null,
      assignerId: null,
      unitId: '',
      assigneeId: null,
      assignedAt: 0,
      deadline: null,
      deadlineChanges: [],
      plan: null,
      completedAt: null,
      cancelledAt: null,
      secret: true,
    });
    expect(dataset.drafts.get('SECRET-DR5')).toMatchObject({
      id: 'SECRET-DR5',
      taskId: 'SECRET-T5',
      drafterId: '',
      submittedToUnitAt: null,
      secret: true,
    });
    expect(dataset.tasks.get('t1')?.secret).toBeUndefined();
    expect(dataset.drafts.get('dr1')?.secret).toBeUndefined();
    // The rejected confidential document cannot be linked to, so what handles it waits for it.
    expect(dataset.tasks.has('SECRET-T7') || dataset.drafts.has('SECRET-DR8')).toBe(false);
    expect([...dataset.documents.values()].filter(isSecret).map((d) => d.id)).toEqual(['s1']);
  });

  it('lets no number, subject, title, person, value or task of them into the dataset or any message', async () => {
    const { loaded } = await loadSecretBundle();
    const messagesText = [
      JSON.stringify(loaded.issues),
      ...loaded.issues.map((i) => formatIssue(i, 'vi')),
      ...loaded.issues.map((i) => formatIssue(i, 'en')),
    ].join('\n');
    const text = dump(loaded.dataset) + messagesText;
    for (const secret of [
      SECRET_NUMBER,
      SECRET_SUBJECT,
      SECRET_TITLE,
      'p-hidden',
      '2025-02-31',
      '2031-02-29',
      '2033-02-30',
      '2034-02-30',
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const id of HIDDEN) expect(messagesText).not.toContain(id);
    // The document's own rejection is reported, by id and field, so the clerk can fix it.
    expect(messages(loaded.issues).en).toEqual([
      `${loaded.issues[0]?.file}: document s2, field date: not a valid date (YYYY-MM-DD, on the calendar)`,
    ]);
  });

  it('still quotes the wrong value of an ordinary record', async () => {
    const open = await writeBundle(bundle({ tasks: [task(), task({ id: 't9', deadline: '2031-02-29' })] }));
    const { issues } = await loadBundles([open]);
    expect(formatIssue(issues[0], 'en')).toBe(
      `${open}: task t9, field deadline: 2031-02-29 is not a date on the calendar`,
    );
  });
});

describe('loadBundles: the worked example', () => {
  it('loads the 2024-basic worked example with no issue', async () => {
    const loaded = await loadBundles([EXAMPLE]);
    expect(loaded.fatal).toBeNull();
    expect(loaded.issues).toEqual([]);
    expect(loaded.counts.rejected).toBe(0);
    expect(ids(loaded.dataset)).toEqual({
      units: ['BCVT', 'BGD', 'VP'],
      people: ['CV1', 'CV2', 'GD', 'TP1', 'TP2'],
      documents: ['e3', 'e4', 'e6c', 'e6o', 'e6p'],
      tasks: ['e1', 'e2', 'e3', 'e4'],
      drafts: ['e3d', 'e4d', 'e5a', 'e5b'],
      weeklySchedules: ['VP|2024-W18', 'VP|2024-W19'],
      mailboxes: 2,
    });
    expect(loaded.dataset.documents.get('e6c')).toEqual({
      id: 'e6c',
      confidentiality: 'secret',
      direction: 'incoming',
      date: parseDay('2024-03-05'),
    });
  });
});

describe('loadBundles: large files', () => {
  it('reads a bundle many times the read size, record for record', async () => {
    const tasks = Array.from({ length: 2000 }, (_, i) =>
      task({
        id: `t${i}`,
        title: `Nhiệm vụ số ${i}: “trích dẫn” \\ "ngoặc" { [ ] } 🇻🇳`,
        deadline: i % 7 === 0 ? null : '2025-03-18',
      }),
    );
    const file = await writeBundle(bundle({ tasks, drafts: [] }));
    const loaded = await loadBundles([file], { chunkSize: 4096, batchBytes: 1500 });
    expect(loaded.counts.bytes).toBeGreaterThan(100 * 4096);
    expect(loaded.issues).toEqual([]);
    expect(loaded.dataset.tasks.size).toBe(2000);
    expect(loaded.dataset.tasks.get('t1999')?.title).toBe(
      'Nhiệm vụ số 1999: “trích dẫn” \\ "ngoặc" { [ ] } 🇻🇳',
    );
    expect(loaded.dataset.tasks.get('t700')?.deadline).toBeNull();
  });

  it('is not fooled by a record split across reads at any byte', async () => {
    const file = await writeBundle(bundle({ tasks: [task({ title: 'Văn bản “mật độ” \\"x\\" ]}' })] }));
    const whole = await loadBundles([file]);
    for (const chunkSize of [1, 2, 3, 5, 7, 11, 13]) {
      const split = await loadBundles([file], { chunkSize, batchBytes: 64 });
      expect(split.dataset).toEqual(whole.dataset);
    }
  });
});
