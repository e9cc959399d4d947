/**
 * A record in which the same key appears twice (`{"confidentiality":"secret", …,
 * "confidentiality":"normal"}`): `JSON.parse` keeps the last value, so a reader could be shown a
 * document its writer marked secret. Such a record is refused, naming the key. The bundle reader
 * finds the duplicate while splitting the file (it sees the text; the parsed object no longer
 * holds the evidence) and marks the parsed record with this symbol; the validator refuses a
 * marked record whichever source or path it arrives by.
 */

// Registered, so that every copy of this module (a test runner may load two) means the same mark.
const DUPLICATE_KEY = Symbol.for('dunghan.bundle.duplicateKey');

/** Marks a parsed record as having `key` more than once (not enumerable: nothing else sees it). */
export function markDuplicateKey(record: unknown, key: string): void {
  if (typeof record !== 'object' || record === null) return;
  Object.defineProperty(record, DUPLICATE_KEY, { value: key, enumerable: false });
}

/** The key that appears twice in `record`, as the reader found it, or undefined. */
export function duplicateKeyOf(record: object): string | undefined {
  return (record as { [DUPLICATE_KEY]?: string })[DUPLICATE_KEY];
}
