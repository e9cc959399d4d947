import { describe, expect, it } from '@jest/globals';
import {
  formatLocalInstant,
  parseLocalDateText,
  parseTimestampText,
} from '../../../src/infra/adapters/shared/local-time.util.js';
import {
  foldText,
  secrecyLevelOf,
  secrecyStampIn,
} from '../../../src/infra/adapters/shared/vietnamese-text.util.js';
import { detectRegisterLayout } from '../../../src/infra/adapters/register/register-columns.js';

describe('local dates as clerks and machines write them', () => {
  it.each([
    ['10/03/2025', '2025-03-10T00:00:00+07:00'],
    ['1/3/2025', '2025-03-01T00:00:00+07:00'],
    ['10-03-2025', '2025-03-10T00:00:00+07:00'],
    ['10.03.2025 8:05', '2025-03-10T08:05:00+07:00'],
    ['08h05 10/03/2025', '2025-03-10T08:05:00+07:00'],
    ['2025/03/10 14:30:45', '2025-03-10T14:30:45+07:00'],
    ['2025-03-10T14:30:45', '2025-03-10T14:30:45+07:00'],
    ['29/02/2024', '2024-02-29T00:00:00+07:00'],
  ])('%s → %s', (text, iso) => {
    const parts = parseLocalDateText(text);
    expect(parts && formatLocalInstant(parts)).toBe(iso);
  });

  it.each(['29/02/2025', '31/04/2025', '10/13/2025', '10/03/25', '25:00 10/03/2025', 'hôm nay', ''])(
    'refuses %j',
    (text) => {
      expect(parseLocalDateText(text)).toBeNull();
    },
  );

  it.each([
    ['2025-03-10T01:00:00Z', '2025-03-10T08:00:00+07:00'],
    ['2025-03-10T08:00:00+07:00', '2025-03-10T08:00:00+07:00'],
    ['20250310010000Z', '2025-03-10T08:00:00+07:00'],
    ['10/03/2025 08:00', '2025-03-10T08:00:00+07:00'],
  ])('timestamp %s → %s', (text, iso) => {
    expect(parseTimestampText(text)).toBe(iso);
  });
});

describe('Vietnamese text matching', () => {
  it('folds case, diacritics, đ and punctuation', () => {
    expect(foldText('Số, ký hiệu')).toBe('so ky hieu');
    expect(foldText('ĐƠN VỊ/NGƯỜI GIẢI QUYẾT')).toBe('don vi nguoi giai quyet');
  });

  it.each([
    ['Mật', 'confidential'],
    ['Văn bản MẬT', 'confidential'],
    ['tối mật', 'secret'],
    ['TUYỆT MẬT - chỉ người có tên được đọc', 'top_secret'],
    ['Mất bản gốc', null],
    ['Mặt trước bị nhòe', null],
    ['mat', null],
    ['', null],
  ])('stamp in note %j → %s', (note, level) => {
    expect(secrecyStampIn(note)).toBe(level);
  });

  it.each([
    ['', 'normal'],
    ['Thường', 'normal'],
    ['MAT', 'confidential'],
    ['Tối mật', 'secret'],
    ['Tuyet mat', 'top_secret'],
    ['Loại B', undefined],
  ])('"Độ mật" cell %j → %s', (cell, level) => {
    expect(secrecyLevelOf(cell)).toBe(level);
  });
});

describe('register header detection', () => {
  it('finds the header under title rows and tells the registers apart', () => {
    const title = ['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN'];
    const incoming = detectRegisterLayout([title, [], ['NGAY DEN', 'Số đến (2)', 'Ngày tháng\nvăn bản']]);
    expect(incoming).toMatchObject({ kind: 'incoming', headerRow: 2, missing: [] });
    const followUp = detectRegisterLayout([
      ['Ngày đến', 'Số đến', 'Ngày tháng văn bản', 'Tiến độ giải quyết'],
    ]);
    expect(followUp).toMatchObject({ kind: 'follow_up', missing: ['deadline'] });
    const outgoing = detectRegisterLayout([['Số, ký hiệu văn bản', 'Người ký', 'Nơi nhận văn bản']]);
    expect(outgoing).toMatchObject({ kind: 'outgoing', missing: ['documentDate'] });
    expect(detectRegisterLayout([['Họ tên', 'Ngày sinh', 'Số, ký hiệu']])).toBeNull();
  });
});
