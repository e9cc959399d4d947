import { describe, expect, it } from '@jest/globals';
import { cleanText, disallowedInId, visibleText } from '../../../src/domain/bundle/text-rules.js';
import { validateRecord } from '../../../src/domain/bundle/record-validator.js';
import { draft, incoming, person, unit } from './bundle.factory.js';

describe('text rules: ids are refused, free text is cleaned', () => {
  it.each([
    ['CV1', null],
    ['Nguyễn Văn A 😀', null],
    ['a\u0000b', { what: 'nul', codePoint: 'U+0000' }],
    ['a\tb', { what: 'control', codePoint: 'U+0009' }],
    ['a\u007Fb', { what: 'control', codePoint: 'U+007F' }],
    ['a\uDC00', { what: 'surrogate', codePoint: 'U+DC00' }],
  ])('id %j: %j', (text, expected) => expect(disallowedInId(text)).toEqual(expected));

  it.each([
    ['V/v báo cáo 😀', 'V/v báo cáo 😀'],
    ['dòng 1\r\ndòng 2\tcột', 'dòng 1\r\ndòng 2\tcột'],
    ['a\u0000b\u001Bc\u007F', 'abc'],
    ['x\uD800y', 'x\uFFFDy'],
  ])('free text %j is stored as %j', (text, stored) => expect(cleanText(text)).toBe(stored));

  it('shows a disallowed character as an escape', () => {
    expect(visibleText('a\u0000\uD800')).toBe('a\\u0000\\uD800');
  });

  it('validateRecord cleans names and subjects but refuses the same in ids, emails and reviewers', () => {
    expect(validateRecord('unit', unit({ name: 'Văn\u0000 phòng' }), 'b.json').record).toMatchObject({
      name: 'Văn phòng',
    });
    expect(validateRecord('document', incoming({ subject: 'V/v\u0007 x' }), 'b.json').record).toMatchObject({
      subject: 'V/v x',
    });
    const email = validateRecord('person', person({ email: 'a\u0000@hanam.gov.vn' }), 'b.json');
    expect(email.issues.map((i) => [i.field, i.code])).toEqual([['email', 'disallowed_character']]);
    const reviewer = validateRecord(
      'draft',
      draft({ reviewRounds: [{ at: '2025-03-10T09:00:00+07:00', reviewerId: 'GD\u0000' }] }),
      'b.json',
    );
    expect(reviewer.issues.map((i) => i.field)).toEqual(['reviewRounds[0].reviewerId']);
  });
});
