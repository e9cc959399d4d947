/**
 * Text matching for exports typed by people: clerks write headers and stamps with or without
 * diacritics, in any case, with stray punctuation ("Số, ký hiệu" / "SO KY HIEU").
 */
import type { Confidentiality } from '../../../domain/model.js';

/** Lowercase, without diacritics (đ → d), punctuation folded to single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whitespace collapsed, NFC: what we keep of a free-text value. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The secrecy stamp a free-text note carries (Ghi chú: "Mật", "văn bản TỐI MẬT"), or null. Matched
 * with diacritics on whole words: folded "mat" would also match "mất", "mặt" and flag ordinary
 * documents. The highest stamp wins; a false positive only hides a document's details, a false
 * negative would leak them.
 */
export function secrecyStampIn(text: string): Exclude<Confidentiality, 'normal'> | null {
  const t = text.normalize('NFC').toLowerCase();
  const word = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'u').test(t);
  if (word('tuyệt mật')) return 'top_secret';
  if (word('tối mật')) return 'secret';
  if (word('mật')) return 'confidential';
  return null;
}

/**
 * A "Độ mật" cell: a closed vocabulary, so folded matching is safe here. `undefined` when the value
 * is not one of the known levels, so the caller can report it instead of guessing.
 */
export function secrecyLevelOf(text: string): Confidentiality | undefined {
  const f = foldText(text);
  if (f === '' || f === 'thuong' || f === 'binh thuong' || f === 'khong' || f === 'khong mat')
    return 'normal';
  if (f === 'mat') return 'confidential';
  if (f === 'toi mat') return 'secret';
  if (f === 'tuyet mat') return 'top_secret';
  return undefined;
}
