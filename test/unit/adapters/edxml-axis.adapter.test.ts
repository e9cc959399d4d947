/**
 * edXML as the national document axis delivers it (SOURCES.md, "as practised"): status fields
 * directly under MessageHeader, UUID DocumentIds, only the sender's TraceHeader, replacement and
 * recipient strike-off. The messages in test/fixtures/edxml/axis are the project's own.
 */
import { readFile, readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EdxmlAdapter, type EdxmlAdapterOptions } from '../../../src/infra/adapters/edxml/edxml.adapter.js';
import { recordId } from '../../../src/infra/adapters/shared/record-id.util.js';
import { collect, documentsOf, folderWith, removeFolders } from './adapter-test.helpers.js';

const AXIS = join(process.cwd(), 'test/fixtures/edxml/axis');
const OWN = '000.00.12.H99';
const SENDER = '000.00.00.H99';

const ARRIVED = '20250317-0816-status-arrived.edxml';
const INCOMING = '20250317-0815-incoming-axis.edxml';
const ACCEPTED = '20250318-0900-status-accepted.edxml';
const REPLACEMENT = '20250319-1000-incoming-replacement.edxml';
const STRUCK_OFF = '20250320-0900-incoming-update-struck-off.edxml';
const INVITATION = '20250320-1400-incoming-axis-invitation.edxml';
const RECALLED = '20250321-0800-status-recalled.edxml';

/** The ids as a source named `snv` keys them: the prefix, then the UUID in lower case. */
const id = (key: string, prefix = 'snv') => recordId(prefix, key);
const DOC_301 = id('7c0e5b2a-91d4-4f6b-a3e8-2d5f60a1b9c4');
const DOC_305 = id('e41d8c2f-5b0a-4c7e-9f13-6a2b7d9e0c55');
const DOC_57 = id('0b6f3e1d-2c4a-4e8b-b7d9-1f2e3a4b5c6d');

/** A file time to recognise: 2025-03-17 09:40:00 in Vietnam. */
const FILE_TIME = new Date('2025-03-17T02:40:00Z');

/** A fresh folder with the named axis fixtures, each written at FILE_TIME. */
async function axisFolder(names: readonly string[], rename: (name: string) => string = (n) => n) {
  const files: Record<string, string> = {};
  for (const name of names) files[rename(name)] = await readFile(join(AXIS, name), 'utf8');
  const folder = await folderWith(files);
  for (const name of Object.keys(files)) await utimes(join(folder, name), FILE_TIME, FILE_TIME);
  return folder;
}

const source = (folder: string, options: Partial<EdxmlAdapterOptions> = {}, name = 'snv') =>
  new EdxmlAdapter({ folder, ownOrganId: OWN, ...options }, undefined, name);

afterAll(removeFolders);

describe('edXML from the national axis', () => {
  it('reads every fixture shape without a file-level issue', async () => {
    const names = (await readdir(AXIS)).sort();
    const batches = await collect(source(await axisFolder(names)).pull(null));
    expect(batches.map((b) => b.label)).toEqual(names);
    expect(batches.flatMap((b) => b.issues)).toEqual([]);
  });

  it('dates an incoming message without the own TraceHeader by the own arrival status read after it', async () => {
    const batches = await collect(source(await axisFolder([INCOMING, ARRIVED])).pull(null));
    expect(batches[0].part.documents).toEqual([
      {
        id: DOC_301,
        direction: 'incoming',
        number: '301/UBND-KT',
        type: 'Công văn',
        subject: 'V/v rà soát biên chế công chức năm 2025',
        confidentiality: 'normal',
        urgency: 'normal',
        date: '2025-03-14',
        // Committed first with the best evidence then known: the file's time.
        receivedAt: '2025-03-17T09:40:00+07:00',
        issuedAt: null,
        deadline: '2025-03-28',
        channel: 'electronic',
        unitId: null,
        receivedAtBasis: 'file',
      },
    ]);
    expect(batches[0].notes.map((n) => n.reason)).toEqual([
      `Tệp "${INCOMING}": không có TraceHeader của cơ quan mình; thời điểm nhận lấy theo thời điểm ghi tệp.`,
    ]);
    // The own 01 (its DocumentId in braces and lower case: the same document) dates it better.
    expect(batches[1].part.documents).toEqual([
      expect.objectContaining({
        id: DOC_301,
        receivedAt: '2025-03-17T08:16:30+07:00',
        receivedAtBasis: 'status',
        subject: 'V/v rà soát biên chế công chức năm 2025',
      }),
    ]);
    expect(batches[1].issues).toEqual([]);
    expect(batches[1].notes.map((n) => [n.record, n.reasonEn])).toEqual([
      [
        DOC_301,
        `File "${ARRIVED}": status 01 (arrived) sent by ${OWN} at 2025/03/17 08:16:30; the receipt time of the incoming document when it has no TraceHeader of the own organ.`,
      ],
    ]);
  });

  it('dates it by the arrival status read before it, then by the axis receive time, then by the file time', async () => {
    // The status sorts first: the document is dated by it directly.
    const statusFirst = await axisFolder([ARRIVED, INCOMING], (n) => (n === ARRIVED ? `a-${n}` : `b-${n}`));
    const first = documentsOf(await collect(source(statusFirst).pull(null)));
    expect(first.map((d) => [d.receivedAt, d.receivedAtBasis])).toEqual([
      ['2025-03-17T08:16:30+07:00', 'status'],
    ]);

    // No status: the connector's receive time in the file name, when the source says how to read it.
    const alone = await axisFolder([INCOMING]);
    const pattern = String.raw`^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})-(?<hour>\d{2})(?<minute>\d{2})`;
    const named = documentsOf(await collect(source(alone, { receivedTimeInFileName: pattern }).pull(null)));
    expect(named.map((d) => [d.receivedAt, d.receivedAtBasis])).toEqual([
      ['2025-03-17T08:15:00+07:00', 'gateway'],
    ]);

    // Neither: the file's modification time.
    const plain = documentsOf(await collect(source(alone).pull(null)));
    expect(plain.map((d) => [d.receivedAt, d.receivedAtBasis])).toEqual([
      ['2025-03-17T09:40:00+07:00', 'file'],
    ]);

    // The own TraceHeader, when there is one, comes before all of them.
    const withTrace = (await readFile(join(AXIS, INCOMING), 'utf8')).replace(
      '<edXML:Bussiness>',
      `<edXML:TraceHeader><edXML:OrganId>${OWN}</edXML:OrganId><edXML:Timestamp>2025/03/17 08:15:42</edXML:Timestamp></edXML:TraceHeader><edXML:Bussiness>`,
    );
    const traced = documentsOf(
      await collect(
        source(await folderWith({ 'x.edxml': withTrace }), { receivedTimeInFileName: pattern }).pull(null),
      ),
    );
    expect(traced.map((d) => [d.receivedAt, d.receivedAtBasis])).toEqual([
      ['2025-03-17T08:15:42+07:00', 'trace'],
    ]);
  });

  it('keeps a status under MessageHeader as a fact about the document it answers', async () => {
    const [batch] = await collect(source(await axisFolder([ACCEPTED])).pull(null));
    expect(batch.part).toEqual({});
    expect(batch.issues).toEqual([]);
    // ResponseFor has no DocumentId: composed from OrganId, PromulgationDate (dd/MM/yyyy) and Code,
    // it names our outgoing 88/SNV-TCBC as its own message does.
    expect(batch.notes).toEqual([
      {
        location: ACCEPTED,
        record: id(`${OWN},2025/03/10,88/SNV-TCBC`),
        field: 'StatusCode',
        reason: `Tệp "${ACCEPTED}": trạng thái 03 (đã tiếp nhận) do ${SENDER} gửi lúc 18/03/2025 09:00:05; không thay đổi dữ liệu.`,
        reasonEn: `File "${ACCEPTED}": status 03 (accepted) sent by ${SENDER} at 18/03/2025 09:00:05; no data changes.`,
      },
    ]);
    // And stored with the batch as a fact: not the agency's own status.
    expect(batch.documentStatuses).toEqual([
      {
        documentId: id(`${OWN},2025/03/10,88/SNV-TCBC`),
        code: '03',
        at: '2025-03-18T09:00:05+07:00',
        fromOrganId: SENDER,
        own: false,
      },
    ]);
  });

  it('hands the own arrival status on as a fact even when no document of the pull is dated by it', async () => {
    // The document came in an earlier sync: only the status is read now, kept for the store to apply.
    const [batch] = await collect(source(await axisFolder([ARRIVED])).pull(null));
    expect(batch.part).toEqual({});
    expect(batch.documentStatuses).toEqual([
      { documentId: DOC_301, code: '01', at: '2025-03-17T08:16:30+07:00', fromOrganId: OWN, own: true },
    ]);
  });

  it('removes the replaced document, keeps the replacement, and removes a document when the own organ is struck off', async () => {
    const batches = await collect(source(await axisFolder([INCOMING, REPLACEMENT, STRUCK_OFF])).pull(null));
    const [, replacement, update] = batches;
    expect(replacement.part.deleted).toEqual([{ kind: 'document', id: DOC_301 }]);
    expect(replacement.part.documents).toEqual([
      expect.objectContaining({
        id: DOC_305,
        direction: 'incoming',
        number: '305/UBND-KT',
        deadline: '2025-04-04',
        urgency: 'urgent',
        receivedAtBasis: 'file',
      }),
    ]);
    expect(update.part).toEqual({ deleted: [{ kind: 'document', id: DOC_305 }] });
    expect(update.notes.map((n) => [n.record, n.field, n.reason])).toEqual([
      [
        DOC_305,
        'Bussiness/BussinessDocumentInfo/ReceiverList/Receiver',
        `Tệp "${STRUCK_OFF}": văn bản cập nhật đưa cơ quan mình ra khỏi danh sách nơi nhận (ReceiverType 0); văn bản bị gỡ.`,
      ],
    ]);
  });

  it('leaves a replaced document alone for an organ the replacement is not for', async () => {
    const other = (await readFile(join(AXIS, REPLACEMENT), 'utf8')).replace(
      `<edXML:OrganId>${OWN}</edXML:OrganId>\n              <edXML:OrganId>000.00.31.H99</edXML:OrganId>`,
      '<edXML:OrganId>000.00.31.H99</edXML:OrganId>',
    );
    const [batch] = await collect(source(await folderWith({ 'r.edxml': other })).pull(null));
    expect(batch.part.deleted).toBeUndefined();
    expect(batch.part.documents!.map((d) => d.id)).toEqual([DOC_305]);
  });

  it('reads an update that adds the own organ to the recipients (ReceiverType 1) as incoming', async () => {
    const added = (await readFile(join(AXIS, STRUCK_OFF), 'utf8'))
      .replace('<edXML:ReceiverType>0</edXML:ReceiverType>', '<edXML:ReceiverType>2</edXML:ReceiverType>')
      .replace('<edXML:ReceiverType>1</edXML:ReceiverType>', '<edXML:ReceiverType>0</edXML:ReceiverType>')
      .replace('<edXML:ReceiverType>2</edXML:ReceiverType>', '<edXML:ReceiverType>1</edXML:ReceiverType>');
    const [batch] = await collect(source(await folderWith({ 'u.edxml': added })).pull(null));
    expect(batch.issues).toEqual([]);
    expect(batch.part.deleted).toBeUndefined();
    expect(batch.part.documents).toEqual([expect.objectContaining({ id: DOC_305, direction: 'incoming' })]);
  });

  it('keeps the outgoing document when an update strikes another organ off', async () => {
    const ours = (await readFile(join(AXIS, STRUCK_OFF), 'utf8'))
      .replace(`<edXML:From><edXML:OrganId>${SENDER}`, `<edXML:From><edXML:OrganId>${OWN}`)
      .replace(`<edXML:TraceHeader><edXML:OrganId>${SENDER}`, `<edXML:TraceHeader><edXML:OrganId>${OWN}`)
      .replace(
        `<edXML:ReceiverType>0</edXML:ReceiverType><edXML:OrganId>${OWN}`,
        `<edXML:ReceiverType>0</edXML:ReceiverType><edXML:OrganId>000.00.40.H99`,
      );
    const [batch] = await collect(source(await folderWith({ 'u.edxml': ours })).pull(null));
    expect(batch.part.deleted).toBeUndefined();
    expect(batch.part.documents).toEqual([
      expect.objectContaining({ id: DOC_305, direction: 'outgoing', issuedAt: '2025-03-20T08:45:00+07:00' }),
    ]);
    expect(batch.notes.map((n) => n.reasonEn)).toEqual([
      'File "u.edxml": the update strikes 000.00.40.H99 off the recipients (ReceiverType 0); the outgoing document stays.',
    ]);
  });

  it('applies a recall status (13) under MessageHeader as a tombstone', async () => {
    const batches = await collect(source(await axisFolder([INVITATION, RECALLED])).pull(null));
    expect(batches[0].part.documents!.map((d) => [d.id, d.number, d.urgency])).toEqual([
      [DOC_57, '57/GM-UBND', 'very_urgent'],
    ]);
    expect(batches[1].part).toEqual({ deleted: [{ kind: 'document', id: DOC_57 }] });
  });

  it('refuses a status 13 that names no document', async () => {
    const xml = (await readFile(join(AXIS, RECALLED), 'utf8')).replace(
      /<edXML:ResponseFor>[\s\S]*<\/edXML:ResponseFor>/,
      '',
    );
    const [batch] = await collect(source(await folderWith({ 's.edxml': xml })).pull(null));
    expect(batch.part).toEqual({});
    expect(batch.issues.map((i) => [i.field, i.reasonEn])).toEqual([
      [
        'ResponseFor/DocumentId',
        'File "s.edxml": status message 13 (recalled) has no ResponseFor (a DocumentId, or OrganId, Code and PromulgationDate), so the document is unknown; message skipped.',
      ],
    ]);
  });

  it("keeps the sender's and a recipient's copy of one message apart by the source's prefix", async () => {
    const folder = await axisFolder([INCOMING]);
    const recipient = documentsOf(await collect(source(folder, {}, 'snv').pull(null)));
    const sender = documentsOf(
      await collect(new EdxmlAdapter({ folder, ownOrganId: SENDER }, undefined, 'ubnd').pull(null)),
    );
    expect(recipient.map((d) => [d.id, d.direction])).toEqual([[DOC_301, 'incoming']]);
    expect(sender.map((d) => [d.id, d.direction, d.issuedAt, d.issuedAtBasis])).toEqual([
      [id('7c0e5b2a-91d4-4f6b-a3e8-2d5f60a1b9c4', 'ubnd'), 'outgoing', '2025-03-14T16:02:11+07:00', 'trace'],
    ]);
    // An explicit prefix wins over the source name; without either the prefix is `edxml`.
    const explicit = documentsOf(await collect(source(folder, { idPrefix: 'snv-lgsp' }).pull(null)));
    expect(explicit[0].id).toBe(id('7c0e5b2a-91d4-4f6b-a3e8-2d5f60a1b9c4', 'snv-lgsp'));
    const unnamed = documentsOf(await collect(new EdxmlAdapter({ folder, ownOrganId: OWN }).pull(null)));
    expect(unnamed[0].id).toBe(id('7c0e5b2a-91d4-4f6b-a3e8-2d5f60a1b9c4', 'edxml'));
  });

  it('reads no secret level unless a vendor path is configured', async () => {
    const xml = (await readFile(join(AXIS, INCOMING), 'utf8')).replace(
      '<edXML:Priority>0</edXML:Priority>',
      '<edXML:Priority>0</edXML:Priority><edXML:Secret>Mật</edXML:Secret>',
    );
    const folder = await folderWith({ 'm.edxml': xml });
    const plain = documentsOf(await collect(source(folder).pull(null)));
    expect(plain[0].confidentiality).toBe('normal');
    const vendor = documentsOf(
      await collect(source(folder, { secretLevel: { path: ['OtherInfo', 'Secret'] } }).pull(null)),
    );
    expect(vendor).toEqual([
      { id: DOC_301, direction: 'incoming', confidentiality: 'confidential', date: '2025-03-14' },
    ]);
    expect(
      () =>
        new EdxmlAdapter({
          folder,
          ownOrganId: OWN,
          secretLevel: { values: { Mật: 'confidential' } } as unknown as EdxmlAdapterOptions['secretLevel'],
        }),
    ).toThrow('secretLevel.path is required');
  });
});

describe('edXML timestamps written as an XML dateTime with an offset', () => {
  const OFFSET_TIMES = join(process.cwd(), 'test/fixtures/edxml/offset-times');
  const ARRIVED_OFFSET = '20250317-0816-status-arrived-offset.edxml';
  const OUTGOING_UTC = '20250324-0931-outgoing-utc-trace.edxml';

  /** A fresh folder with files from the axis and offset-times fixtures, each written at FILE_TIME. */
  async function folderOf(files: Readonly<Record<string, string>>) {
    const texts: Record<string, string> = {};
    for (const [name, from] of Object.entries(files)) texts[name] = await readFile(join(from, name), 'utf8');
    const folder = await folderWith(texts);
    for (const name of Object.keys(texts)) await utimes(join(folder, name), FILE_TIME, FILE_TIME);
    return folder;
  }

  it('dates an incoming document by the own arrival status whose Timestamp carries +07:00 and fractions of a second', async () => {
    const folder = await folderOf({ [INCOMING]: AXIS, [ARRIVED_OFFSET]: OFFSET_TIMES });
    const batches = await collect(source(folder).pull(null));
    expect(batches.flatMap((b) => b.issues)).toEqual([]);
    // Stored first with the file's time, then again with the status's time in the next batch.
    expect(batches[1].part.documents!.map((d) => [d.id, d.receivedAt, d.receivedAtBasis])).toEqual([
      [DOC_301, '2025-03-17T08:16:30+07:00', 'status'],
    ]);
    expect(batches[1].documentStatuses).toEqual([
      { documentId: DOC_301, code: '01', at: '2025-03-17T08:16:30+07:00', fromOrganId: OWN, own: true },
    ]);
  });

  it('issues an outgoing document at the own TraceHeader time written in UTC, in Vietnamese time', async () => {
    const folder = await folderOf({ [OUTGOING_UTC]: OFFSET_TIMES });
    const batches = await collect(source(folder).pull(null));
    expect(batches.flatMap((b) => b.issues)).toEqual([]);
    expect(documentsOf(batches).map((d) => [d.number, d.direction, d.issuedAt, d.date])).toEqual([
      ['96/BC-SNV', 'outgoing', '2025-03-24T09:30:05+07:00', '2025-03-24'],
    ]);
  });
  it('reads a PromulgationDate and a DueDate written as date-times at midnight as those days', async () => {
    const name = '20250317-0900-incoming-midnight-dates.edxml';
    const batches = await collect(source(await folderOf({ [name]: OFFSET_TIMES })).pull(null));
    expect(batches.flatMap((b) => b.issues)).toEqual([]);
    expect(documentsOf(batches).map((d) => [d.id, d.number, d.date, d.deadline])).toEqual([
      [id('3f1a9c2e-0d4b-4a6e-8c7f-5b2e1d9a0f13'), '301/UBND-KT', '2025-03-14', '2025-03-28'],
    ]);
  });

  it('refuses a DueDate with a time of day other than midnight, naming the field and the value', async () => {
    const name = '20250317-0901-incoming-due-afternoon.edxml';
    const batches = await collect(source(await folderOf({ [name]: OFFSET_TIMES })).pull(null));
    expect(documentsOf(batches)).toEqual([]);
    expect(batches[0].issues.map((i) => [i.location, i.field, i.reasonEn])).toEqual([
      [
        name,
        'DueDate',
        `File "${name}": due date (DueDate) "2025-03-28T14:00:00+07:00" is not valid (expected yyyy/MM/dd); document skipped.`,
      ],
    ]);
  });
});

describe('edXML in the e-doc.vn shape from before QCVN 102:2016', () => {
  it('refuses the message saying the shape is not supported, not that a date is missing', async () => {
    const name = '20250325-0800-pre2016-document.xml';
    const text = await readFile(join(process.cwd(), 'test/fixtures/edxml/older', name), 'utf8');
    const batches = await collect(source(await folderWith({ [name]: text })).pull(null));
    expect(documentsOf(batches)).toEqual([]);
    expect(batches[0].issues.map((i) => [i.location, i.reasonEn])).toEqual([
      [
        name,
        `File "${name}" could not be read: the e-doc.vn shape from before QCVN 102:2016 (PromulgationInfo/Date instead of PromulgationInfo/PromulgationDate) is not supported`,
      ],
    ]);
  });
});
