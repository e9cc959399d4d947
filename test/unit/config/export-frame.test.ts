import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseSettings } from '../../../src/config/domain-config.loader.js';

const FILE = 'config/dunghan.json';
const frame = {
  superior: 'UBND TỈNH HÀ NAM',
  agency: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
  place: 'Hà Nam',
  signers: [{ authority: 'TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG', title: 'CHỦ TỊCH', name: 'Nguyễn Văn An' }],
};

function refusal(exportFrame: unknown): string {
  try {
    parseSettings({ exportFrame }, FILE);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('exportFrame in dunghan.json', () => {
  it('is read as written, and absent means no frame', () => {
    expect(parseSettings({ exportFrame: frame }, FILE).exportFrame).toEqual(frame);
    expect(parseSettings({}, FILE).exportFrame).toBeNull();
    const top = parseSettings(
      { exportFrame: { ...frame, superior: undefined, signers: [{ title: 'GIÁM ĐỐC', name: 'A' }] } },
      FILE,
    ).exportFrame!;
    expect(top.superior).toBeNull();
    expect(top.signers[0].authority).toBeNull();
  });

  it.each([
    ['a missing agency', { ...frame, agency: undefined }, 'exportFrame.agency: must be a non-empty text'],
    [
      'an agency not in upper case',
      { ...frame, agency: 'Sở Thông tin và Truyền thông' },
      'exportFrame.agency: must be written in upper case, as it prints (SỞ THÔNG TIN VÀ TRUYỀN THÔNG)',
    ],
    ['no signer', { ...frame, signers: [] }, 'exportFrame.signers: must list 1 to 3 signers'],
    [
      'a signer without a name',
      { ...frame, signers: [{ title: 'CHỦ TỊCH' }] },
      'exportFrame.signers[0].name: must be a non-empty text',
    ],
    [
      'a misspelt key',
      { ...frame, signer: [] },
      'exportFrame.signer: is not a setting (superior, agency, place, signers)',
    ],
    ['a place over two lines', { ...frame, place: 'Hà\nNam' }, 'exportFrame.place: must be one line'],
    ['not an object', 'UBND', 'exportFrame: must be an object'],
  ])('refuses %s, naming the file and the field', (_, value, message) => {
    expect(refusal(value)).toContain(`${FILE}: ${message}`);
  });
});
