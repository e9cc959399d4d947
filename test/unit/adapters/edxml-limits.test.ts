/**
 * A hostile or broken edXML file is a named rejection of that file, and the source moves on to
 * the next one (issue 11, findings 2 and 5): external and oversized entities, deep nesting, a file
 * over its size bound, a text over its length bound. Parsing is linear in sibling elements.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EdxmlAdapter } from '../../../src/infra/adapters/edxml/edxml.adapter.js';
import { readEdxml } from '../../../src/infra/adapters/edxml/edxml-stream.reader.js';
import { recordId } from '../../../src/infra/adapters/shared/record-id.util.js';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from '../../../src/infra/adapters/source-adapter.port.js';
import { collect, folderWith, removeFolders } from './adapter-test.helpers.js';

const OWN = '000.00.12.H99';
const GOOD_NAME = 'z-good.edxml';
const GOOD = join(process.cwd(), 'test/fixtures/edxml/20250310-0805-incoming-new.edxml');
const GOOD_ID = recordId('edxml', '000.00.00.H99,2025/03/07,215/UBND-KGVX');

afterAll(removeFolders);

/** `bad` (named a-bad.edxml) then a good message; the batches of a pull over both. */
async function pullWith(bad: string | Buffer, limits: Partial<SourceLimits> = {}) {
  const folder = await folderWith({ 'a-bad.edxml': bad, [GOOD_NAME]: await readFile(GOOD) });
  const adapter = new EdxmlAdapter({ folder, ownOrganId: OWN }, { ...DEFAULT_SOURCE_LIMITS, ...limits });
  const batches = await collect(adapter.pull(null));
  return { folder, batches, bad: batches[0], good: batches[1] };
}

/** The good message with a change, as text. */
const goodWith = async (change: (xml: string) => string) => change(await readFile(GOOD, 'utf8'));

function expectMovedOn(good: { label: string; part: { documents?: Record<string, unknown>[] } }) {
  expect(good.label).toBe(GOOD_NAME);
  expect(good.part.documents!.map((d) => d.id)).toEqual([GOOD_ID]);
}

describe('edXML within the source limits', () => {
  it('refuses a DOCTYPE with an external entity without reading it, and moves on', async () => {
    const secretFile = join(await folderWith({ 'secret.txt': 'BÍ-MẬT-KHÔNG-ĐƯỢC-ĐỌC' }), 'secret.txt');
    const xml = await goodWith((x) =>
      x
        .replace(
          '<edXML:edXMLEnvelope',
          `<!DOCTYPE edXML:edXMLEnvelope [<!ENTITY leak SYSTEM "file://${secretFile}">]>\n<edXML:edXMLEnvelope`,
        )
        .replace('V/v triển khai', '&leak; V/v triển khai'),
    );
    const { batches, bad, good } = await pullWith(xml);
    expect(bad.part).toEqual({});
    expect(bad.issues).toEqual([
      {
        location: 'a-bad.edxml',
        record: null,
        field: null,
        reason:
          'Tệp "a-bad.edxml" không đọc được: DOCTYPE tham chiếu thực thể hoặc DTD bên ngoài (SYSTEM/PUBLIC); tệp không được đọc tiếp và không gì bên ngoài được tải',
        reasonEn:
          'File "a-bad.edxml" could not be read: the DOCTYPE refers to an external entity or DTD (SYSTEM/PUBLIC); nothing external is fetched and the file is refused',
      },
    ]);
    expect(JSON.stringify(batches)).not.toContain('BÍ-MẬT');
    expectMovedOn(good);
  });

  it('expands a small internal entity, and refuses one over maxEntityBytes or expanding past it', async () => {
    const withEntity = (value: string, uses = 1) =>
      goodWith((x) =>
        x
          .replace('<edXML:edXMLEnvelope', `<!DOCTYPE e [<!ENTITY t "${value}">]>\n<edXML:edXMLEnvelope`)
          .replace('V/v triển khai', `${'&t;'.repeat(uses)} V/v triển khai`),
      );
    const small = await pullWith(await withEntity('Khẩn:'));
    expect(small.bad.issues).toEqual([]);
    expect(small.bad.part.documents![0].subject).toBe('Khẩn: V/v triển khai kế hoạch chuyển đổi số năm 2025');

    const big = await pullWith(await withEntity('x'.repeat(11 * 1024)));
    expect(big.bad.issues.map((i) => [i.record, i.reasonEn])).toEqual([
      [
        null,
        'File "a-bad.edxml" could not be read: internal XML entities hold 11264 bytes, over the limit of 10240 bytes',
      ],
    ]);
    expectMovedOn(big.good);

    // A thousand bytes used a hundred thousand times: 100 MB from a 300 kB file.
    const laughs = await pullWith(await withEntity('x'.repeat(1000), 100_000));
    expect(laughs.bad.issues.map((i) => i.reasonEn)).toEqual([
      'File "a-bad.edxml" could not be read: internal XML entities expand to more than 10240 bytes',
    ]);
    expectMovedOn(laughs.good);
  });

  it('refuses nesting deeper than maxDepth (100,000 levels) and moves on', async () => {
    const deep = await goodWith((x) =>
      x.replace('<edXML:edXMLBody>', `<edXML:edXMLBody>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`),
    );
    const { bad, good } = await pullWith(deep);
    expect(bad.issues.map((i) => [i.record, i.reason])).toEqual([
      [null, 'Tệp "a-bad.edxml" không đọc được: các phần tử lồng nhau sâu quá 64 cấp'],
    ]);
    expectMovedOn(good);
  });

  it('refuses a file over maxFileBytes before reading it and moves on', async () => {
    const big = Buffer.alloc(4096, 0x20);
    const { bad, good } = await pullWith(big, { maxFileBytes: 4000 });
    expect(bad.issues.map((i) => [i.record, i.reasonEn])).toEqual([
      [
        null,
        'File "a-bad.edxml" could not be read: the file is 4096 bytes, over the limit of 4000 bytes (limits.maxFileBytes)',
      ],
    ]);
    expectMovedOn(good);
  });

  it('refuses the message whose text is over maxTextLength, naming the record and the field', async () => {
    const long = await goodWith((x) => x.replace('V/v triển khai', `${'Rất dài '.repeat(50)}V/v triển khai`));
    const { bad, good } = await pullWith(long, { maxTextLength: 300 });
    expect(bad.part).toEqual({});
    expect(bad.issues).toEqual([
      {
        location: 'a-bad.edxml',
        record: GOOD_ID,
        field: 'MessageHeader/Subject',
        reason: 'Tệp "a-bad.edxml" không đọc được: nội dung phần tử MessageHeader/Subject dài quá 300 ký tự',
        reasonEn:
          'File "a-bad.edxml" could not be read: the text of element MessageHeader/Subject is longer than 300 characters',
      },
    ]);
    expectMovedOn(good);
  });

  it('bounds an attribute value by maxTextLength before it is built, but not the attachments of the body', async () => {
    const attribute = await goodWith((x) =>
      x.replace('<edXML:Manifest version="1.0">', `<edXML:Manifest version="${'A'.repeat(3_000_000)}">`),
    );
    const refused = await pullWith(attribute);
    expect(refused.bad.issues.map((i) => [i.field, i.reasonEn])).toEqual([
      [
        'edXMLEnvelope/edXMLBody/Manifest',
        'File "a-bad.edxml" could not be read: an attribute value of element edXMLEnvelope/edXMLBody/Manifest is longer than 100000 characters',
      ],
    ]);
    expectMovedOn(refused.good);

    // A 3 MB attachment (base64 text in the body) is what edXML carries: read, not refused.
    const attachment = await goodWith((x) =>
      x.replace(
        '</edXML:edXMLBody>',
        `</edXML:edXMLBody><edXML:AttachmentEncoded><edXML:Attachment><edXML:ContentId>cid:1</edXML:ContentId><edXML:Value>${'QUJD'.repeat(750_000)}</edXML:Value></edXML:Attachment></edXML:AttachmentEncoded>`,
      ),
    );
    const read = await pullWith(attachment);
    expect(read.bad.issues).toEqual([]);
    expect(read.bad.part.documents!.map((d) => d.id)).toEqual([GOOD_ID]);
    const asCdata = await pullWith(attachment.replace(/(QUJD)+/, (b64) => `<![CDATA[${b64}]]>`));
    expect(asCdata.bad.issues).toEqual([]);
    expect(asCdata.bad.part.documents!.map((d) => d.id)).toEqual([GOOD_ID]);

    // In the header the same bound refuses the message, CDATA or not.
    const cdataSubject = await goodWith((x) =>
      x.replace('V/v triển khai', `<![CDATA[${'x'.repeat(200_000)}]]>`),
    );
    const header = await pullWith(cdataSubject);
    expect(header.bad.issues.map((i) => [i.record, i.field])).toEqual([[GOOD_ID, 'MessageHeader/Subject']]);
  });

  it('refuses bytes that are not UTF-8 and an invalid entity reference, naming the file', async () => {
    const latin1 = Buffer.from((await readFile(GOOD, 'utf8')).replace('V/v', 'V\u00e0v'), 'latin1');
    const { bad } = await pullWith(latin1);
    expect(bad.issues[0].reasonEn).toMatch(
      /^File "a-bad\.edxml" could not be read: the file is not UTF-8 text/,
    );

    const undefinedEntity = await goodWith((x) => x.replace('V/v', '&nope; V/v'));
    const second = await pullWith(undefinedEntity);
    expect(second.bad.issues.map((i) => i.reasonEn)).toEqual([
      'File "a-bad.edxml" could not be read: invalid XML at line 32, column 27: undefined entity.',
    ]);
    expectMovedOn(second.good);
  });

  it('parses in time linear in sibling elements', async () => {
    const xml = await readFile(GOOD, 'utf8');
    const siblings = (n: number) =>
      xml.replace(
        '<edXML:Manifest version="1.0">',
        `<edXML:Manifest version="1.0">${'<edXML:Reference/>'.repeat(n)}`,
      );
    const time = async (text: string) => {
      const started = performance.now();
      const result = await readEdxml([text], DEFAULT_SOURCE_LIMITS);
      expect(result.ok).toBe(true);
      return performance.now() - started;
    };
    await time(siblings(20_000)); // warm up
    const small = await time(siblings(60_000));
    const large = await time(siblings(240_000)); // 4.4 MB
    // Four times the siblings: about four times the time when linear, sixteen when quadratic.
    expect(large / small).toBeLessThan(8);
    expect(large).toBeLessThan(10_000);
  });
});
