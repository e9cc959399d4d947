/**
 * Text exports from Windows tools arrive as UTF-8 (with or without a BOM) or, from Excel's
 * "Unicode text", UTF-16LE. Anything else (Windows-1258, TCVN3) would turn Vietnamese into
 * mojibake that no later step can detect, so it is refused instead of guessed.
 */
export function decodeExportText(content: Buffer): string | null {
  if (content[0] === 0xff && content[1] === 0xfe) return content.subarray(2).toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return null;
  }
}
