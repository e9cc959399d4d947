import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EdxmlAdapter, type EdxmlAdapterOptions } from '../../../src/infra/adapters/edxml/edxml.adapter.js';
import { EDXML_STATUS_CODES } from '../../../src/infra/adapters/edxml/edxml-record.mapper.js';
import { recordId } from '../../../src/infra/adapters/shared/record-id.util.js';
import { collect, documentsOf, folderWith, removeFolders } from './adapter-test.helpers.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/edxml');
const OWN = '000.00.12.H99';
const INCOMING_ID = recordId('edxml', '000.00.00.H99,2025/03/07,215/UBND-KGVX');
const OUTGOING_ID = recordId('edxml', '000.00.12.H99,2025/03/10,88/SNV-TCBC');
const CONFIDENTIAL_ID = recordId('edxml', '000.00.00.H99,2025/03/11,47/UBND-NCXX');

/**
 * The confidential fixture carries a vendor's private `OtherInfo/Secret` (QCVN 102 has none):
 * these sources configure it, as an administrator would for such a sender.
 */
const VENDOR_SECRET = { path: ['OtherInfo', 'Secret'] } as const;

const adapter = (options: Partial<EdxmlAdapterOptions> = {}) =>
  new EdxmlAdapter({ folder: FIXTURES, ownOrganId: OWN, secretLevel: VENDOR_SECRET, ...options });

const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

/** The incoming fixture with one change, in a folder of its own. */
async function incomingVariant(change: (xml: string) => string) {
  const xml = change(await fixture('20250310-0805-incoming-new.edxml'));
  return collect(
    new EdxmlAdapter({
      folder: await folderWith({ 'variant.edxml': xml }),
      ownOrganId: OWN,
      secretLevel: VENDOR_SECRET,
    }).pull(null),
  );
}

afterAll(removeFolders);

describe('edXML adapter', () => {
  it('reads an incoming message into an incoming document', async () => {
    const [first] = await collect(adapter().pull(null));
    expect(first.label).toBe('20250310-0805-incoming-new.edxml');
    expect(first.issues).toEqual([]);
    expect(first.part.documents).toEqual([
      {
        id: INCOMING_ID,
        direction: 'incoming',
        number: '215/UBND-KGVX',
        type: 'Công văn',
        subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2025',
        confidentiality: 'normal',
        urgency: 'urgent',
        date: '2025-03-07',
        receivedAt: '2025-03-10T08:05:00+07:00',
        issuedAt: null,
        deadline: '2025-03-20',
        channel: 'electronic',
        unitId: null,
        receivedAtBasis: 'trace',
      },
    ]);
  });

  it('reads an outgoing message (other prefix, organ id in lower case) into an outgoing document', async () => {
    const batches = await collect(adapter({ unitByNotationSuffix: { tcbc: 'TCBC' } }).pull(null));
    const outgoing = documentsOf(batches).find((d) => d.id === OUTGOING_ID);
    expect(outgoing).toEqual({
      id: OUTGOING_ID,
      direction: 'outgoing',
      number: '88/SNV-TCBC',
      type: 'Báo cáo',
      subject: 'Báo cáo kết quả tuyển dụng viên chức quý I năm 2025',
      confidentiality: 'normal',
      urgency: 'normal',
      date: '2025-03-10',
      receivedAt: null,
      issuedAt: '2025-03-10T14:30:45+07:00',
      deadline: null,
      channel: 'electronic',
      unitId: 'TCBC',
      issuedAtBasis: 'trace',
    });
  });

  it('maps the receiving organ to a unit when configured', async () => {
    const [first] = await collect(adapter({ unitByOrganId: { [OWN]: 'VP' } }).pull(null));
    expect(first.part.documents?.[0].unitId).toBe('VP');
  });

  it('lets an update (BussinessDocType 2, unprefixed namespace) replace the document under the same id', async () => {
    const batches = await collect(adapter().pull(null));
    const update = batches.find((b) => b.label === '20250311-1015-incoming-update.edxml')!;
    expect(update.part.documents).toHaveLength(1);
    expect(update.part.documents![0]).toMatchObject({
      id: INCOMING_ID,
      subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2025 (điều chỉnh thời hạn)',
      deadline: '2025-03-25',
      urgency: 'very_urgent',
      // The first passage through the own organ, not the update's arrival.
      receivedAt: '2025-03-10T08:05:00+07:00',
    });
  });

  it('turns a recall (BussinessDocType 1) and a status 13 into document tombstones', async () => {
    const batches = await collect(adapter().pull(null));
    const recall = batches.find((b) => b.label === '20250313-0800-incoming-recall.edxml')!;
    expect(recall.part).toEqual({ deleted: [{ kind: 'document', id: INCOMING_ID }] });
    const status = batches.find((b) => b.label === '20250313-1000-status-recalled.edxml')!;
    expect(status.part).toEqual({
      deleted: [{ kind: 'document', id: recordId('edxml', '000.00.00.H99,2025/03/12,230/UBND-VP') }],
    });
  });

  it('turns status 03 into a note and no record', async () => {
    const batches = await collect(adapter().pull(null));
    const status = batches.find((b) => b.label === '20250312-0800-status-accepted.edxml')!;
    expect(status.part).toEqual({});
    expect(status.issues).toEqual([]);
    expect(status.notes).toEqual([
      {
        location: '20250312-0800-status-accepted.edxml',
        record: OUTGOING_ID,
        field: 'StatusCode',
        reason:
          'Tệp "20250312-0800-status-accepted.edxml": trạng thái 03 (đã tiếp nhận) do 000.00.00.H99 gửi lúc 2025/03/12 07:55:10; không thay đổi dữ liệu.',
        reasonEn:
          'File "20250312-0800-status-accepted.edxml": status 03 (accepted) sent by 000.00.00.H99 at 2025/03/12 07:55:10; no data changes.',
      },
    ]);
  });

  it('keeps the status table to notes except the recall', () => {
    const tombstones = Object.entries(EDXML_STATUS_CODES)
      .filter(([, s]) => s.effect === 'tombstone')
      .map(([c]) => c);
    expect(tombstones).toEqual(['13']);
  });

  it('reports a broken file by name and reason and still reads the files after it', async () => {
    const batches = await collect(adapter().pull(null));
    const broken = batches.find((b) => b.label === '20250311-0900-broken.edxml')!;
    expect(broken.part).toEqual({});
    expect(broken.issues).toEqual([
      {
        location: '20250311-0900-broken.edxml',
        record: null,
        field: null,
        reason:
          'Tệp "20250311-0900-broken.edxml" không đọc được: XML không hợp lệ ở dòng 7, cột 66: unexpected close tag.',
        reasonEn:
          'File "20250311-0900-broken.edxml" could not be read: invalid XML at line 7, column 66: unexpected close tag.',
      },
    ]);
    const after = batches.slice(batches.indexOf(broken) + 1);
    expect(documentsOf(after).map((d) => d.id)).toEqual([INCOMING_ID, CONFIDENTIAL_ID]);
  });

  it('reports a message that is neither from nor to the own organ', async () => {
    const batches = await collect(adapter().pull(null));
    const last = batches[batches.length - 1];
    expect(last.label).toBe('20250314-0800-not-ours.edxml');
    expect(last.part).toEqual({});
    expect(last.issues.map((i) => [i.field, i.reason, i.reasonEn])).toEqual([
      [
        'From/To',
        'Tệp "20250314-0800-not-ours.edxml": cơ quan 000.00.12.H99 không là nơi gửi (From) cũng không là nơi nhận (To) của thông điệp; bỏ qua văn bản.',
        'File "20250314-0800-not-ours.edxml": organ 000.00.12.H99 is neither the sender (From) nor a recipient (To) of the message; document skipped.',
      ],
    ]);
  });

  it('reads files in name order, one batch each, and ignores other files', async () => {
    const batches = await collect(adapter().pull(null));
    expect(batches.map((b) => b.label)).toEqual([
      '20250310-0805-incoming-new.edxml',
      '20250310-1430-outgoing-new.edxml',
      '20250311-0900-broken.edxml',
      '20250311-1015-incoming-update.edxml',
      '20250312-0800-status-accepted.edxml',
      '20250312-0930-incoming-confidential.edxml',
      '20250313-0800-incoming-recall.edxml',
      '20250313-1000-status-recalled.edxml',
      '20250314-0800-not-ours.edxml',
    ]);
  });

  it('resumes after a cursor without skipping or repeating a file', async () => {
    const all = await collect(adapter().pull(null));
    for (let k = 0; k < all.length; k++) {
      const resumed = await collect(adapter().pull(all[k].cursor));
      expect(resumed).toEqual(all.slice(k + 1));
    }
  });

  it('groups files into batches and resolves a recall after the record inside a batch', async () => {
    const batches = await collect(adapter({ filesPerBatch: 4 }).pull(null));
    expect(batches.map((b) => b.label.split(', ').at(-1))).toEqual([
      '20250311-1015-incoming-update.edxml',
      '20250313-1000-status-recalled.edxml',
      '20250314-0800-not-ours.edxml',
    ]);
    // Batch 1: the update replaced the new message's record, one record per id.
    expect(batches[0].part.documents!.map((d) => d.id)).toEqual([OUTGOING_ID, INCOMING_ID]);
    expect(batches[0].part.documents![1].deadline).toBe('2025-03-25');
    expect(batches[0].issues).toHaveLength(1);

    const single = await collect(adapter({ filesPerBatch: 100 }).pull(null));
    expect(single).toHaveLength(1);
    expect(single[0].part.documents!.map((d) => d.id)).toEqual([OUTGOING_ID, CONFIDENTIAL_ID]);
    expect(single[0].part.deleted).toEqual([
      { kind: 'document', id: INCOMING_ID },
      { kind: 'document', id: recordId('edxml', '000.00.00.H99,2025/03/12,230/UBND-VP') },
    ]);
  });

  it('keeps a document re-sent after its recall in the same batch', async () => {
    const folder = await folderWith({
      'a-recall.edxml': await fixture('20250313-0800-incoming-recall.edxml'),
      'b-resent.edxml': await fixture('20250310-0805-incoming-new.edxml'),
    });
    const [batch] = await collect(new EdxmlAdapter({ folder, ownOrganId: OWN, filesPerBatch: 2 }).pull(null));
    expect(batch.part.documents!.map((d) => d.id)).toEqual([INCOMING_ID]);
    expect(batch.part.deleted).toBeUndefined();
  });

  it('emits only id, direction, confidentiality and date of a confidential document', async () => {
    const batches = await collect(adapter().pull(null));
    const confidential = documentsOf(batches).find((d) => d.id === CONFIDENTIAL_ID);
    expect(confidential).toEqual({
      id: CONFIDENTIAL_ID,
      direction: 'incoming',
      confidentiality: 'confidential',
      date: '2025-03-11',
    });
    const everything = JSON.stringify(batches);
    for (const secret of ['47/UBND-NCXX', 'UBND-NCXX', 'Zebra', 'Đỗ Văn Kín', '2025-03-14']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('maps the secret level through a configured table and refuses an unknown level', async () => {
    const withLevel = (level: string) => (xml: string) =>
      xml.replace(
        '<edXML:Priority>1</edXML:Priority>',
        `<edXML:Priority>1</edXML:Priority><edXML:DoMat>${level}</edXML:DoMat>`,
      );
    const configured = async (level: string) =>
      collect(
        new EdxmlAdapter({
          folder: await folderWith({
            'x.edxml': withLevel(level)(await fixture('20250310-0805-incoming-new.edxml')),
          }),
          ownOrganId: OWN,
          secretLevel: { path: ['OtherInfo', 'DoMat'], values: { '0': 'normal', '2': 'secret' } },
        }).pull(null),
      );
    expect((await configured('2'))[0].part.documents).toEqual([
      { id: INCOMING_ID, direction: 'incoming', confidentiality: 'secret', date: '2025-03-07' },
    ]);
    expect((await configured('0'))[0].part.documents![0].subject).toBe(
      'V/v triển khai kế hoạch chuyển đổi số năm 2025',
    );
    const unknown = await configured('9');
    expect(unknown[0].part).toEqual({});
    expect(unknown[0].issues.map((i) => [i.field, i.reason])).toEqual([
      ['OtherInfo/DoMat', 'Tệp "x.edxml": độ mật "9" không có trong bảng ánh xạ độ mật; bỏ qua văn bản.'],
    ]);
  });

  it('reports an impossible promulgation date and an unknown priority, skipping the document', async () => {
    const badDate = await incomingVariant((x) =>
      x.replace('2025/03/07</edXML:PromulgationDate>', '2025/02/30</edXML:PromulgationDate>'),
    );
    expect(badDate[0].part).toEqual({});
    expect(badDate[0].issues.map((i) => [i.record, i.field, i.reason, i.reasonEn])).toEqual([
      [
        INCOMING_ID,
        'PromulgationInfo/PromulgationDate',
        'Tệp "variant.edxml": ngày ban hành (PromulgationDate) "2025/02/30" không hợp lệ (cần yyyy/MM/dd); bỏ qua văn bản.',
        'File "variant.edxml": promulgation date (PromulgationDate) "2025/02/30" is not valid (expected yyyy/MM/dd); document skipped.',
      ],
    ]);

    const badPriority = await incomingVariant((x) => x.replace('<edXML:Priority>1<', '<edXML:Priority>7<'));
    expect(badPriority[0].issues.map((i) => i.reason)).toEqual([
      'Tệp "variant.edxml": độ khẩn (Priority) "7" không hợp lệ (0 đến 4); bỏ qua văn bản.',
    ]);
  });

  it('derives the same id from the header parts when DocumentId is missing', async () => {
    const batches = await incomingVariant((x) => x.replace(/<edXML:DocumentId>.*<\/edXML:DocumentId>/, ''));
    expect(batches[0].part.documents![0].id).toBe(INCOMING_ID);
  });

  it('reads Priority 3 and 4 as flash', async () => {
    for (const p of ['3', '4']) {
      const batches = await incomingVariant((x) => x.replace('<edXML:Priority>1<', `<edXML:Priority>${p}<`));
      expect(batches[0].part.documents![0].urgency).toBe('flash');
    }
  });

  it('reports an unknown status code', async () => {
    const xml = (await fixture('20250312-0800-status-accepted.edxml')).replace('>03<', '>09<');
    const [batch] = await collect(
      new EdxmlAdapter({ folder: await folderWith({ 's.edxml': xml }), ownOrganId: OWN }).pull(null),
    );
    expect(batch.part).toEqual({});
    expect(batch.issues.map((i) => i.reasonEn)).toEqual([
      'File "s.edxml": status code "09" is not in the status code table; message skipped.',
    ]);
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const b of adapter().pull(null, controller.signal)) {
          seen.push(b.label);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual(['20250310-0805-incoming-new.edxml']);
  });
});
