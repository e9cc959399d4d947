/**
 * Finds keys that appear twice in one object, in the text of a run of JSON values separated by
 * commas (what the bundle reader hands `JSON.parse`), before `JSON.parse` silently keeps the last.
 * One pass, linear in the text: string contents are jumped over with `indexOf`, and each object's
 * keys go into a set reused per depth. Syntax is not checked here: `JSON.parse` does that next,
 * so on malformed text this may stop early or find nothing.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Whether the quote at `j` is escaped: an odd number of backslashes before it. */
function escaped(text: string, j: number): boolean {
  let n = 0;
  while (text.charCodeAt(j - 1 - n) === BACKSLASH) n++;
  return n % 2 === 1;
}

/** For each value (by position in the run) that repeats a key in one of its objects, the first such key. */
export function findDuplicateKeys(text: string): Map<number, string> | null {
  let found: Map<number, string> | null = null;
  let element = 0;
  let depth = 0;
  const isObject: boolean[] = [];
  const keys: Set<string>[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = text.indexOf('"', i + 1);
      while (j !== -1 && escaped(text, j)) j = text.indexOf('"', j + 1);
      if (j === -1) return found;
      if (expectKey && depth > 0) {
        let key = text.slice(i + 1, j);
        if (key.includes('\\')) {
          try {
            key = JSON.parse(text.slice(i, j + 1)) as string;
          } catch {
            // JSON.parse of the whole run reports it
          }
        }
        const seen = keys[depth - 1];
        if (!seen.has(key)) seen.add(key);
        else if (found === null || !found.has(element)) (found ??= new Map()).set(element, key);
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === LBRACE) {
      isObject[depth] = true;
      (keys[depth] ??= new Set()).clear();
      depth++;
      expectKey = true;
    } else if (c === LBRACKET) {
      isObject[depth] = false;
      depth++;
      expectKey = false;
    } else if (c === RBRACE || c === RBRACKET) {
      if (depth > 0) depth--;
      expectKey = false;
    } else if (c === COMMA) {
      if (depth === 0) element++;
      else expectKey = isObject[depth - 1];
    }
    i++;
  }
  return found;
}
