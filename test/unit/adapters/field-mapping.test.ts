import { describe, it, expect } from '@jest/globals';
import { FieldMapper, readPath } from '../../../src/infra/adapters/http-json/field-mapping.js';

/** Maps `{ v: value }` through one transform into the bundle field `f`. */
function through(transform: string | string[], value: unknown) {
  return new FieldMapper({ f: { from: 'v', transform } }).map({ v: value });
}

describe('field mapping transforms', () => {
  it.each([
    ['date:dd/MM/yyyy', '07/03/2025', '2025-03-07'],
    ['date:d/M/yyyy', '7/3/2025', '2025-03-07'],
    ['date:yyyyMMdd', 20250307, '2025-03-07'],
    ['date:dd/MM/yyyy', '29/02/2024', '2024-02-29'],
    ['date:dd/MM/yyyy HH:mm', '07/03/2025 16:30', '2025-03-07'],
    ['datetime:local', '2025-03-10T09:15:00', '2025-03-10T09:15:00+07:00'],
    ['datetime:local', '2025-03-10 09:15', '2025-03-10T09:15:00+07:00'],
    ['datetime:local', '2025-03-10T02:15:00Z', '2025-03-10T09:15:00+07:00'],
    ['datetime:dd/MM/yyyy HH:mm', '10/03/2025 08:05', '2025-03-10T08:05:00+07:00'],
    ['enum:{"1":"urgent","2":"very_urgent"}', 2, 'very_urgent'],
    ['enum:{"Mật":"confidential"}', ' Mật ', 'confidential'],
    ['bool', 'Có', true],
    ['bool', 0, false],
    ['bool', 'false', false],
    ['const:incoming', 'anything', 'incoming'],
    ['const:false', undefined, false],
    ['lowercase', 'VanThu@HaNam.gov.vn', 'vanthu@hanam.gov.vn'],
    ['string', 101, '101'],
  ])('%s turns %j into %j', (transform, value, expected) => {
    expect(through(transform, value)).toEqual({ record: { f: expected }, failures: [] });
  });

  it.each([
    ['date:dd/MM/yyyy', '30/02/2025'],
    ['date:dd/MM/yyyy', '2025-03-07'],
    ['datetime:local', '10/03/2025 08:05'],
    ['datetime:local', '2025-03-10T25:00:00'],
    ['enum:{"1":"urgent"}', '9'],
    ['bool', 'maybe'],
    ['lowercase', 5],
  ])('%s refuses %j, naming the field but not the value', (transform, value) => {
    const { record, failures } = through(transform, value);
    expect(record).toEqual({});
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ field: 'f', from: 'v' });
    expect(`${failures[0].reason} ${failures[0].reasonEn}`).not.toContain(String(value).trim());
  });

  it('leaves an absent source field absent, keeps null, and treats empty text as none for dates', () => {
    const mapper = new FieldMapper({
      a: { from: 'missing', transform: 'date:dd/MM/yyyy' },
      b: { from: 'nothing', transform: 'date:dd/MM/yyyy' },
      c: { from: 'blank', transform: 'date:dd/MM/yyyy' },
    });
    expect(mapper.map({ nothing: null, blank: '  ' })).toEqual({
      record: { b: null, c: null },
      failures: [],
    });
  });

  it('chains transforms left to right', () => {
    expect(through(['lowercase', 'enum:{"khẩn":"urgent"}'], 'KHẨN').record).toEqual({ f: 'urgent' });
  });

  it('builds nested fields and maps each element of a list, locating failures inside it', () => {
    const mapper = new FieldMapper({
      'plan.targetDate': { from: 'keHoach.ngay', transform: 'date:dd/MM/yyyy' },
      'plan.reportedAt': { from: 'keHoach.luc', transform: 'datetime:local' },
      reviewRounds: {
        from: 'vong',
        each: { at: { from: 'luc', transform: 'datetime:local' }, reviewerId: 'nguoi' },
      },
    });

    const ok = mapper.map({
      keHoach: { ngay: '28/03/2025', luc: '2025-03-12 16:00' },
      vong: [{ luc: '2025-03-14 14:00', nguoi: 'p0' }],
    });
    const bad = mapper.map({ vong: [{ luc: '2025-03-14 14:00' }, { luc: 'hôm qua' }] });

    expect(ok).toEqual({
      record: {
        plan: { targetDate: '2025-03-28', reportedAt: '2025-03-12T16:00:00+07:00' },
        reviewRounds: [{ at: '2025-03-14T14:00:00+07:00', reviewerId: 'p0' }],
      },
      failures: [],
    });
    expect(bad.failures.map((f) => f.field)).toEqual(['reviewRounds[1].at']);
  });

  it.each([
    [{ d: { from: 'x', transform: 'date' } }, /"d": "date" needs a pattern/],
    [{ d: { from: 'x', transform: 'datetime:dd/MM/yyyy' } }, /lacks hour, minute/],
    [{ d: { from: 'x', transform: 'enum:[1,2]' } }, /"enum" needs a JSON object/],
    [{ d: { transform: 'lowercase' } }, /"d" needs "from"/],
    [{ plan: 'a', 'plan.targetDate': 'b' }, /"plan" and "plan.targetDate" overlap/],
    [{ d: { from: 'x', transform: 'bool', each: {} } }, /both "each" and "transform"/],
  ])('refuses a wrong mapping when it is built: %j', (mapping, message) => {
    expect(() => new FieldMapper(mapping)).toThrow(message);
  });

  it('reads dot paths through objects and list positions', () => {
    const value = { data: { items: [{ id: 'a' }, { id: 'b' }] } };
    expect(readPath(value, 'data.items.1.id')).toBe('b');
    expect(readPath(value, 'data.missing.id')).toBeUndefined();
    expect(readPath(value, '')).toBe(value);
  });
});
