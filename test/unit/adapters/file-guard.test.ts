import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileRefused,
  RetryLater,
  guardFile,
  textTooLong,
} from '../../../src/infra/adapters/shared/file-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'dunghan-file-guard-'));
function file(name: string, content: string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { name, path };
}
const limits = { maxFileBytes: 100 };

describe('guardFile: one file cannot stop its source', () => {
  it('refuses a file over maxFileBytes without reading it', async () => {
    let read = false;
    const result = await guardFile(file('big.csv', 'x'.repeat(101)), limits, async () => (read = true));
    expect(read).toBe(false);
    expect(result).toEqual({
      ok: false,
      issue: {
        location: 'big.csv',
        record: null,
        field: null,
        reason: expect.stringContaining('tệp 101 byte, vượt giới hạn maxFileBytes = 100 byte'),
        reasonEn: expect.stringContaining(
          "the file is 101 bytes, over the source's limit maxFileBytes = 100",
        ),
      },
    });
  });

  it('hands on what the reader read, and the size it saw', async () => {
    expect(await guardFile(file('ok.csv', 'abc'), limits, async (size) => `read ${size}`)).toEqual({
      ok: true,
      value: 'read 3',
    });
  });

  it("quarantines a file whose reader refuses it, with the reader's reason and field", async () => {
    const result = await guardFile(file('long.csv', 'a'), limits, () =>
      Promise.reject(textTooLong('Trích yếu', 5, 4)),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue.field).toBe('Trích yếu');
    expect(result.issue.reasonEn).toBe(
      'File "long.csv" refused: field "Trích yếu" is 5 characters long, over the source\'s limit maxTextLength = 4. ' +
        'It will not be read again; fix it and send it again.',
    );
  });

  it('quarantines a file that makes the adapter fail, naming the error but never quoting the content', async () => {
    const bug = () =>
      Promise.reject(new TypeError('Cannot read properties of undefined, near "Kế hoạch mật"'));
    const result = await guardFile(file('bug.xml', 'a'), limits, bug);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issue.reasonEn).toContain('an unexpected error while reading (TypeError)');
    expect(JSON.stringify(result.issue)).not.toContain('Kế hoạch');
    const tooLong = await guardFile(file('huge.json', 'a'), limits, () =>
      Promise.reject(new RangeError('Invalid string length')),
    );
    expect(tooLong.ok ? null : tooLong.issue.reasonEn).toContain('a value too large to read');
  });

  it('lets file-system failures, a file still being written and an abort fail the run, so it retries', async () => {
    const f = file('io.json', 'a');
    const eacces = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    await expect(guardFile(f, limits, () => Promise.reject(eacces))).rejects.toBe(eacces);
    const eio = Object.assign(new Error('i/o error'), { code: 'EIO' });
    await expect(guardFile(f, limits, () => Promise.reject(eio))).rejects.toBe(eio);
    const writing = new RetryLater('still being written');
    await expect(guardFile(f, limits, () => Promise.reject(writing))).rejects.toBe(writing);
    const abort = new DOMException('aborted', 'AbortError');
    await expect(guardFile(f, limits, () => Promise.reject(abort))).rejects.toBe(abort);
    await expect(
      guardFile({ name: 'gone', path: join(dir, 'gone') }, limits, async () => 1),
    ).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('FileRefused carries both languages', () => {
    const e = new FileRefused('lý do', 'reason', 'f');
    expect([e.reason, e.reasonEn, e.field, e.message]).toEqual(['lý do', 'reason', 'f', 'reason']);
  });
});
