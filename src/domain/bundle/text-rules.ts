/**
 * Which characters a stored text may hold. Postgres refuses NUL in a text value (`invalid byte
 * sequence for encoding "UTF8": 0x00`), which used to fail a whole batch and then every later
 * sync of the source; a lone UTF-16 surrogate is silently written as U+FFFD, so two different ids
 * could become one. The decision, per kind of text:
 *
 * - **Identifiers** (ids, references, mail addresses, dates, enumerations) are refused when they
 *   hold a NUL, any other C0 control character (U+0000–U+001F), DEL (U+007F) or a lone surrogate:
 *   a changed id would point somewhere else, so the record is rejected, naming the field.
 * - **Free text** (names, numbers, types, subjects, titles) is cleaned: C0 controls other than tab,
 *   line feed and carriage return, and DEL, are removed; a lone surrogate becomes U+FFFD. These are
 *   what people read, and an export's stray control byte is no reason to lose the record.
 */

/** A character an identifier may not hold: C0 controls, DEL, a lone surrogate. */
const NOT_AN_ID_CHARACTER = /[\u0000-\u001F\u007F]|\p{Cs}/u;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /\p{Cs}/gu;
const ANY_DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|\p{Cs}/u;

export type DisallowedCharacter = 'nul' | 'control' | 'surrogate';

/** What is wrong with an identifier's characters, or null when nothing is. */
export function disallowedInId(text: string): { what: DisallowedCharacter; codePoint: string } | null {
  const m = NOT_AN_ID_CHARACTER.exec(text);
  if (m === null) return null;
  const code = m[0].charCodeAt(0);
  const what = code === 0 ? 'nul' : code >= 0xd800 ? 'surrogate' : 'control';
  return { what, codePoint: 'U+' + code.toString(16).toUpperCase().padStart(4, '0') };
}

/** Free text as it may be stored (the same string when nothing needs cleaning). */
export function cleanText(text: string): string {
  if (!ANY_DISALLOWED.test(text)) return text;
  return text.replace(CONTROL_IN_TEXT, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A text shown in a message or kept as an id of a rejection: disallowed characters as `\u0000`. */
export function visibleText(text: string): string {
  if (!NOT_AN_ID_CHARACTER.test(text)) return text;
  return text.replace(
    /[\u0000-\u001F\u007F]|\p{Cs}/gu,
    (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'),
  );
}
