import { describe, expect, it } from '@jest/globals';
import { findDuplicateKeys } from '../../../src/infra/bundle/duplicate-keys.js';

const found = (text: string) => {
  const map = findDuplicateKeys(text);
  return map === null ? [] : [...map.entries()];
};

describe('findDuplicateKeys over a run of records', () => {
  it.each<[string, string, [number, string][]]>([
    ['no duplicates', '{"a":1,"b":{"a":2}},{"a":3}', []],
    ['a top-level key twice', '{"id":"x","c":"secret","c":"normal"}', [[0, 'c']]],
    ['in the second record only', ' {"a":1} , {"a":1,"a":2} ', [[1, 'a']]],
    ['inside a nested object', '{"s":{"agency":true,"agency":false}}', [[0, 'agency']]],
    ['in objects of an array', '{"r":[{"at":1},{"at":2,"at":3}]}', [[0, 'at']]],
    ['the same key in sibling objects is fine', '{"r":[{"at":1},{"at":2}],"p":{"at":3}}', []],
    ['values that look like keys are not keys', '{"a":"a","b":["a","a"]}', []],
    ['escaped quotes and backslashes in strings', '{"a":"x\\"y\\\\","b":"\\\\","a":1}', [[0, 'a']]],
    ['a key written with an escape is the same key', '{"ab":1,"\\u0061b":2}', [[0, 'ab']]],
    ['commas inside strings do not start a record', '{"a":"1,2"},{"a":1,"a":1}', [[1, 'a']]],
  ])('%s', (_, text, expected) => expect(found(text)).toEqual(expected));

  it('is linear: 200 000 keys in one object take well under a second', () => {
    const text = '{' + Array.from({ length: 200_000 }, (_, i) => `"k${i}":${i}`).join(',') + ',"k7":0}';
    const start = performance.now();
    expect(found(text)).toEqual([[0, 'k7']]);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
