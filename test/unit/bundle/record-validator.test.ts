import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { BundleIssue } from '../../../src/domain/bundle/bundle-issue.js';
import { formatIssue } from '../../../src/domain/bundle/bundle-issue.js';
import {
  toDay,
  toInstant,
  validateRecord,
  validateTombstone,
} from '../../../src/domain/bundle/record-validator.js';
import type { RecordKind } from '../../../src/domain/model.js';
import { parseDay, parseInstant } from '../../../src/domain/time.js';
import {
  SECRET_NUMBER,
  SECRET_SUBJECT,
  draft,
  incoming,
  mailbox,
  outgoing,
  person,
  schedule,
  secretDocument,
  task,
  unit,
} from './bundle.factory.js';

const FILE = 'bundle.json';

function messages(issues: readonly BundleIssue[]): { vi: string[]; en: string[] } {
  return { vi: issues.map((i) => formatIssue(i, 'vi')), en: issues.map((i) => formatIssue(i, 'en')) };
}

describe('validateRecord: a bad record is rejected with a message naming file, kind, id, field and reason', () => {
  const rows: { name: string; kind: RecordKind; raw: unknown; index?: number; vi: string; en: string }[] = [
    {
      name: 'a date that is not on the calendar',
      kind: 'task',
      raw: task({ deadline: '2025-02-30' }),
      vi: 'bundle.json: công việc (task) t1, trường deadline: ngày 2025-02-30 không có trên lịch',
      en: 'bundle.json: task t1, field deadline: 2025-02-30 is not a date on the calendar',
    },
    {
      name: 'a month that does not exist, inside a nested object',
      kind: 'task',
      raw: task({ plan: { reportedAt: null, targetDate: '2025-13-01' } }),
      vi: 'bundle.json: công việc (task) t1, trường plan.targetDate: ngày 2025-13-01 không có trên lịch',
      en: 'bundle.json: task t1, field plan.targetDate: 2025-13-01 is not a date on the calendar',
    },
    {
      name: 'a date written the Vietnamese way',
      kind: 'document',
      raw: incoming({ date: '07/03/2025' }),
      vi: 'bundle.json: văn bản (document) d1, trường date: "07/03/2025" không phải ngày dạng YYYY-MM-DD',
      en: 'bundle.json: document d1, field date: "07/03/2025" is not a date in the form YYYY-MM-DD',
    },
    {
      name: 'a timestamp without an offset',
      kind: 'task',
      raw: task({ assignedAt: '2025-03-10T10:00:00' }),
      vi: 'bundle.json: công việc (task) t1, trường assignedAt: thời điểm 2025-03-10T10:00:00 thiếu múi giờ; cần ghi rõ, ví dụ 2025-03-10T10:00:00+07:00',
      en: 'bundle.json: task t1, field assignedAt: timestamp 2025-03-10T10:00:00 has no UTC offset; write one, e.g. 2025-03-10T10:00:00+07:00',
    },
    {
      name: 'a timestamp without an offset inside a list',
      kind: 'task',
      raw: task({ deadlineChanges: [{ deadline: '2025-03-25', at: '2025-03-14 09:00' }] }),
      vi: 'bundle.json: công việc (task) t1, trường deadlineChanges[0].at: thời điểm 2025-03-14 09:00 thiếu múi giờ; cần ghi rõ, ví dụ 2025-03-14T09:00:00+07:00',
      en: 'bundle.json: task t1, field deadlineChanges[0].at: timestamp 2025-03-14 09:00 has no UTC offset; write one, e.g. 2025-03-14T09:00:00+07:00',
    },
    {
      name: 'a leap second, which RFC 3339 allows and the calendar here does not',
      kind: 'draft',
      raw: draft({ reviewRounds: [{ at: '2025-03-14T23:59:60+07:00', reviewerId: 'p0' }] }),
      vi: 'bundle.json: dự thảo (draft) dr1, trường reviewRounds[0].at: "2025-03-14T23:59:60+07:00" không phải thời điểm hợp lệ; cần dạng 2025-03-10T09:15:00+07:00',
      en: 'bundle.json: draft dr1, field reviewRounds[0].at: "2025-03-14T23:59:60+07:00" is not a valid timestamp; expected the form 2025-03-10T09:15:00+07:00',
    },
    {
      name: 'a timestamp that is not one',
      kind: 'draft',
      raw: draft({ submittedToUnitAt: 'hôm qua' }),
      vi: 'bundle.json: dự thảo (draft) dr1, trường submittedToUnitAt: "hôm qua" không phải thời điểm hợp lệ; cần dạng 2025-03-10T09:15:00+07:00',
      en: 'bundle.json: draft dr1, field submittedToUnitAt: "hôm qua" is not a valid timestamp; expected the form 2025-03-10T09:15:00+07:00',
    },
    {
      name: "a task's missing unit",
      kind: 'task',
      raw: task({ unitId: undefined }),
      vi: 'bundle.json: công việc (task) t1, trường unitId: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: task t1, field unitId: is required but missing or empty',
    },
    {
      name: "a unit's empty name",
      kind: 'unit',
      raw: unit({ name: '' }),
      vi: 'bundle.json: đơn vị (unit) VP, trường name: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: unit VP, field name: is required but missing or empty',
    },
    {
      name: "a person's unit given as null",
      kind: 'person',
      raw: person({ unitId: null }),
      vi: 'bundle.json: cán bộ (person) p2, trường unitId: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: person p2, field unitId: is required but missing or empty',
    },
    {
      name: 'a role outside the list',
      kind: 'person',
      raw: person({ role: 'boss' }),
      vi: 'bundle.json: cán bộ (person) p2, trường role: giá trị "boss" không hợp lệ; chỉ nhận: leader, unit_head, deputy_head, staff, clerk',
      en: 'bundle.json: person p2, field role: "boss" is not allowed; expected one of: leader, unit_head, deputy_head, staff, clerk',
    },
    {
      name: 'a flag written as text',
      kind: 'person',
      raw: person({ active: 'yes' }),
      vi: 'bundle.json: cán bộ (person) p2, trường active: phải là true hoặc false',
      en: 'bundle.json: person p2, field active: must be true or false',
    },
    {
      name: 'an incoming document without its arrival time',
      kind: 'document',
      raw: incoming({ receivedAt: undefined }),
      vi: 'bundle.json: văn bản (document) d1, trường receivedAt: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: document d1, field receivedAt: is required but missing or empty',
    },
    {
      name: 'an outgoing document whose issue time is null',
      kind: 'document',
      raw: outgoing({ issuedAt: null }),
      vi: 'bundle.json: văn bản (document) o1, trường issuedAt: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: document o1, field issuedAt: is required but missing or empty',
    },
    {
      name: 'a channel outside the list',
      kind: 'document',
      raw: incoming({ channel: 'fax' }),
      vi: 'bundle.json: văn bản (document) d1, trường channel: giá trị "fax" không hợp lệ; chỉ nhận: electronic, paper',
      en: 'bundle.json: document d1, field channel: "fax" is not allowed; expected one of: electronic, paper',
    },
    {
      name: 'a signature flag written as text',
      kind: 'document',
      raw: outgoing({ signatures: { agency: 'có', signer: true } }),
      vi: 'bundle.json: văn bản (document) o1, trường signatures.agency: phải là true hoặc false',
      en: 'bundle.json: document o1, field signatures.agency: must be true or false',
    },
    {
      name: 'a draft without a drafter',
      kind: 'draft',
      raw: draft({ drafterId: undefined }),
      vi: 'bundle.json: dự thảo (draft) dr1, trường drafterId: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: draft dr1, field drafterId: is required but missing or empty',
    },
    {
      name: 'a week that the year does not have',
      kind: 'weeklySchedule',
      raw: schedule({ week: '2025-W53' }),
      vi: 'bundle.json: lịch công tác tuần (weeklySchedule) VP|2025-W53, trường week: tuần "2025-W53" không hợp lệ; cần dạng 2025-W11, là một tuần ISO có trong năm đó',
      en: 'bundle.json: weekly schedule VP|2025-W53, field week: week "2025-W53" is not valid; expected the form 2025-W11, an ISO week of that year',
    },
    {
      name: 'a week in another notation',
      kind: 'weeklySchedule',
      raw: schedule({ week: 'Tuần 11/2025' }),
      vi: 'bundle.json: lịch công tác tuần (weeklySchedule) VP|Tuần 11/2025, trường week: tuần "Tuần 11/2025" không hợp lệ; cần dạng 2025-W11, là một tuần ISO có trong năm đó',
      en: 'bundle.json: weekly schedule VP|Tuần 11/2025, field week: week "Tuần 11/2025" is not valid; expected the form 2025-W11, an ISO week of that year',
    },
    {
      name: 'a mailbox without an address',
      kind: 'mailbox',
      raw: mailbox({ address: undefined }),
      vi: 'bundle.json: hộp thư (mailbox) p2, trường address: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: mailbox p2, field address: is required but missing or empty',
    },
    {
      name: 'a record without an id is located by its position',
      kind: 'task',
      raw: task({ id: undefined }),
      index: 3,
      vi: 'bundle.json: công việc (task) tại tasks[3] (không có id), trường id: bắt buộc nhưng bị thiếu hoặc để trống',
      en: 'bundle.json: task at tasks[3] (no id), field id: is required but missing or empty',
    },
    {
      name: 'a record that is not an object',
      kind: 'draft',
      raw: 'dr1',
      index: 2,
      vi: 'bundle.json: dự thảo (draft) tại drafts[2] (không có id): bản ghi phải là một đối tượng JSON { … }',
      en: 'bundle.json: draft at drafts[2] (no id): the record must be a JSON object { … }',
    },
    {
      name: 'a list that is not one',
      kind: 'task',
      raw: task({ deadlineChanges: { deadline: '2025-03-25' } }),
      vi: 'bundle.json: công việc (task) t1, trường deadlineChanges: phải là một mảng [ … ]',
      en: 'bundle.json: task t1, field deadlineChanges: must be an array [ … ]',
    },
  ];

  it.each(rows)('$name', ({ kind, raw, index, vi, en }) => {
    const { record, issues } = validateRecord(kind, raw, FILE, index ?? 0);
    expect(record).toBeNull();
    expect(messages(issues)).toEqual({ vi: [vi], en: [en] });
    expect(issues.every((i) => i.severity === 'error')).toBe(true);
  });

  it('reports every bad field of a record at once, so one correction pass is enough', () => {
    const { issues } = validateRecord(
      'task',
      task({ deadline: '2025-02-30', assignedAt: '2025-03-10', unitId: 7 }),
      FILE,
    );
    expect(issues.map((i) => [i.field, i.code])).toEqual(
      expect.arrayContaining([
        ['deadline', 'invalid_date'],
        ['assignedAt', 'invalid_timestamp'],
        ['unitId', 'wrong_type'],
      ]),
    );
  });

  it("refuses a text over the source's maxTextLength, naming the field, and keeps one at it", () => {
    const range = undefined;
    const long = validateRecord(
      'document',
      incoming({ id: 'd1', subject: 'x'.repeat(201) }),
      FILE,
      0,
      range,
      200,
    );
    expect(long.record).toBeNull();
    expect(messages(long.issues)).toEqual({
      vi: [
        'bundle.json: văn bản (document) d1, trường subject: dài 201 ký tự, vượt giới hạn maxTextLength = 200 ký tự của nguồn; bản ghi bị loại',
      ],
      en: [
        "bundle.json: document d1, field subject: is 201 characters long, over the source's limit maxTextLength = 200 characters; the record was rejected",
      ],
    });
    expect(
      validateRecord('document', incoming({ subject: 'x'.repeat(200) }), FILE, 0, range, 200).record,
    ).not.toBeNull();
    // Nested texts are named by their path; an id that is itself the long text is not repeated.
    const nested = validateRecord(
      'task',
      task({
        id: 't'.repeat(300),
        deadlineChanges: [{ at: '2025-03-11T08:00:00+07:00', reason: 'r'.repeat(400) }],
      }),
      FILE,
      3,
      range,
      250,
    );
    expect(nested.issues.map((i) => [i.id, i.index, i.field, i.code])).toEqual([
      [null, 3, 'id', 'over_limit'],
    ]);
    const tomb = validateTombstone({ kind: 'document', id: 'y'.repeat(20) }, FILE, 0, 10);
    expect(tomb.issues.map((i) => [i.field, i.params.actual])).toEqual([['id', 20]]);
  });

  it('rejects a tombstone of a kind that cannot be deleted, naming it', () => {
    const { tombstone, issues } = validateTombstone({ kind: 'weeklySchedule', id: 'x' }, FILE, 0);
    expect(tombstone).toBeNull();
    expect(messages(issues).vi).toEqual([
      'bundle.json: mục xoá (deleted) x, trường kind: giá trị "weeklySchedule" không hợp lệ; chỉ nhận: unit, person, document, task, draft',
    ]);
  });
});

describe('validateRecord: normalization', () => {
  it('turns dates into Days and timestamps into Instants', () => {
    const { record } = validateRecord('task', task(), FILE);
    expect(record).toEqual({
      id: 't1',
      documentId: 'd1',
      title: 'Xử lý công văn 123',
      assignerId: 'p0',
      unitId: 'VP',
      assigneeId: 'p2',
      assignedAt: parseInstant('2025-03-10T10:00:00+07:00'),
      deadline: parseDay('2025-03-18'),
      deadlineChanges: [{ deadline: parseDay('2025-03-25'), at: parseInstant('2025-03-14T09:00:00+07:00') }],
      plan: { reportedAt: parseInstant('2025-03-12T16:00:00+07:00'), targetDate: parseDay('2025-03-28') },
      completedAt: null,
      cancelledAt: null,
    });
  });

  it('reads absent flags as false, except an active person and a draft that defers to its document', () => {
    const p = validateRecord('person', { id: 'p9', unitId: 'VP' }, FILE).record;
    expect(p).toEqual({ id: 'p9', name: null, unitId: 'VP', role: null, email: null, active: true });
    expect(validateRecord('person', person({ active: null }), FILE).record?.active).toBe(true);
    expect(validateRecord('person', person({ active: false }), FILE).record?.active).toBe(false);

    const d = validateRecord(
      'draft',
      { id: 'dr9', taskId: 't1', drafterId: 'p2', unitId: 'VP' },
      FILE,
    ).record;
    expect(d).toMatchObject({ legalNormative: null, reviewRounds: [], unitDeadline: null, issuedAt: null });

    const doc = validateRecord(
      'document',
      {
        id: 'd9',
        direction: 'incoming',
        confidentiality: 'normal',
        date: '2025-03-07',
        receivedAt: '2025-03-10T08:00:00Z',
        channel: 'paper',
      },
      FILE,
    ).record;
    expect(doc).toMatchObject({
      legalNormative: false,
      signatures: { agency: false, signer: false },
      urgency: null,
      unitId: null,
      receivedAt: Date.UTC(2025, 2, 10, 8),
    });
  });

  it('ignores fields the contract does not name', () => {
    const { record, issues } = validateRecord(
      'unit',
      unit({ code: 'VP-01', extra: { anything: [1, 2] } }),
      FILE,
    );
    expect(issues).toEqual([]);
    expect(record).toEqual({ id: 'VP', name: 'Văn phòng Sở', parentId: null, headId: 'p1' });
  });
});

describe('validateRecord: the dating basis, an optional extension (docs/edxml.md)', () => {
  it.each([
    [
      'an incoming document dated by its own arrival status',
      incoming({ receivedAtBasis: 'status' }),
      'status',
    ],
    ['an incoming document dated by the file', incoming({ receivedAtBasis: 'file' }), 'file'],
    ['an outgoing document dated by its own trace', outgoing({ issuedAtBasis: 'trace' }), 'trace'],
    ['an outgoing document dated by the gateway', outgoing({ issuedAtBasis: 'gateway' }), 'gateway'],
  ])('keeps it for %s', (_name, raw, basis) => {
    const { record, issues } = validateRecord('document', raw, FILE);
    expect(issues).toEqual([]);
    expect(record).toMatchObject({ timeBasis: basis });
  });

  it('leaves a document without one as it always was, and ignores the other direction’s', () => {
    const plain = validateRecord('document', incoming(), FILE).record!;
    expect(plain).not.toHaveProperty('timeBasis');
    for (const raw of [
      incoming({ receivedAtBasis: null }),
      incoming({ issuedAtBasis: 'file' }),
      outgoing({ receivedAtBasis: 'status' }),
    ]) {
      const { record, issues } = validateRecord('document', raw, FILE);
      expect(issues).toEqual([]);
      expect(record).not.toHaveProperty('timeBasis');
    }
    expect(validateRecord('document', incoming({ receivedAtBasis: null }), FILE).record).toEqual(plain);
  });

  it('rejects a value it does not know, naming the field', () => {
    const { record, issues } = validateRecord('document', incoming({ receivedAtBasis: 'guess' }), FILE);
    expect(record).toBeNull();
    expect(issues.map((i) => [i.id, i.field])).toEqual([['d1', 'receivedAtBasis']]);
    expect(messages(issues).en[0]).toContain('receivedAtBasis');
    expect(messages(issues).en[0]).toContain('trace');
  });

  it('never keeps it for a confidential document', () => {
    const { record } = validateRecord('document', secretDocument({ receivedAtBasis: 'status' }), FILE);
    expect(record).toEqual({
      id: 's1',
      confidentiality: 'secret',
      direction: 'incoming',
      date: parseDay('2025-03-05'),
    });
  });
});

describe('validateRecord: confidential documents (DOMAIN.md §4)', () => {
  it('keeps only id, direction, confidentiality and date', () => {
    const { record } = validateRecord('document', secretDocument(), FILE);
    expect(record).toEqual({
      id: 's1',
      confidentiality: 'secret',
      direction: 'incoming',
      date: parseDay('2025-03-05'),
    });
  });

  it('does not look at the other fields, so their mistakes do not matter', () => {
    const raw = secretDocument({
      channel: 'pigeon',
      receivedAt: 'never',
      deadline: '2025-02-30',
      signatures: 'x',
    });
    expect(validateRecord('document', raw, FILE).issues).toEqual([]);
  });

  it.each([
    ['a date off the calendar', secretDocument({ date: '2025-02-30' }), 'date'],
    ['a malformed date', secretDocument({ date: SECRET_SUBJECT }), 'date'],
    [
      'an unknown confidentiality level',
      secretDocument({ confidentiality: SECRET_NUMBER }),
      'confidentiality',
    ],
    ['no direction', secretDocument({ direction: SECRET_SUBJECT }), 'direction'],
  ])('reports %s with its id and field but never a value', (_name, raw, field) => {
    const { record, issues } = validateRecord('document', raw, FILE);
    expect(record).toBeNull();
    expect(issues.map((i) => [i.id, i.field])).toEqual([['s1', field]]);
    const text = JSON.stringify(issues) + messages(issues).vi.join() + messages(issues).en.join();
    expect(text).not.toContain(SECRET_NUMBER);
    expect(text).not.toContain(SECRET_SUBJECT);
    expect(text).not.toContain('2025-02-30');
  });

  it('treats a document whose level is missing as confidential until it says otherwise', () => {
    const raw = incoming({ confidentiality: undefined, subject: SECRET_SUBJECT, date: '2025-02-30' });
    const { issues } = validateRecord('document', raw, FILE);
    expect(messages(issues).vi).toEqual([
      'bundle.json: văn bản (document) d1, trường confidentiality: bắt buộc nhưng bị thiếu hoặc để trống',
      'bundle.json: văn bản (document) d1, trường date: không phải ngày hợp lệ (YYYY-MM-DD, có trên lịch)',
    ]);
  });
});

describe('fast date and timestamp parsing agrees with time.ts', () => {
  const digits = (n: number) =>
    fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
  const dateText = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
  const nearDate = fc
    .tuple(
      fc.integer({ min: 1900, max: 2100 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    )
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const offset = fc.oneof(
    fc.constantFrom('Z', 'z', '+07:00', '-00:30', '+23:59', '+24:00', '-05:60', '+0700', ''),
    fc.tuple(fc.constantFrom('+', '-'), digits(2), digits(2)).map(([s, h, m]) => `${s}${h}:${m}`),
  );
  const timestamp = fc
    .tuple(
      fc.oneof(nearDate, dateText),
      fc.constantFrom('T', ' ', 't'),
      digits(2),
      digits(2),
      digits(2),
      offset,
    )
    .map(([d, sep, h, m, s, o]) => `${d}${sep}${h}:${m}:${s}${o}`);

  it('for dates', () => {
    fc.assert(
      fc.property(fc.oneof(dateText, nearDate), (s) => expect(toDay(s)).toBe(parseDay(s))),
      { numRuns: 5000 },
    );
  });

  it('for timestamps', () => {
    fc.assert(
      fc.property(timestamp, (s) => expect(toInstant(s)).toBe(parseInstant(s))),
      { numRuns: 5000 },
    );
    for (const s of [
      '2024-02-29T23:59:59+07:00',
      '2025-01-01T00:00:00Z',
      '2100-12-31T12:00:00-11:30',
      '0099-01-01T00:00:00Z',
    ]) {
      expect(toInstant(s)).toBe(parseInstant(s));
    }
  });
});
