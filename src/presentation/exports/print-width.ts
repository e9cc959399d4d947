/**
 * How wide a text prints in a spreadsheet column, estimated well enough to size columns and rows
 * before anyone opens the file. Neither Excel nor LibreOffice grows a row for wrapped text that
 * an XLSX writer left without a height everywhere, so the export sets every width and height
 * itself: too narrow and a printed rate loses its count, too short and a header loses a line.
 *
 * A column's width is counted in the widest digit of the workbook's default font (Calibri 11:
 * 7 px at 96 dpi, 5.25 pt); the cells are printed in Times New Roman, whose advance widths (in em)
 * are close to the table below. Vietnamese diacritics sit above or below their letter and add
 * no width, so a letter is measured by its base (NFD, marks dropped).
 */

const UNIT_PT = 5.25;
/** The padding Excel keeps inside a cell, in width units. */
const CELL_PADDING = 1.5;

/** Times New Roman's advance widths, in em, of the characters the tables use; others count 0.56. */
const EM_GROUPS: [number, string][] = [
  [0.25, ' .,'],
  [0.28, ':;/iljt'],
  [0.33, '-()frI'],
  [0.39, 'sJ'],
  [0.44, 'acez“”'],
  [0.5, '0123456789bdghknopquvxy_đ'],
  [0.55, 'ơ'],
  [0.56, 'FPS×='],
  [0.58, 'ư'],
  [0.61, 'ELTZ'],
  [0.67, 'BCR'],
  [0.72, 'ADGHKNOQUVXYwĐ'],
  [0.78, 'mƠ'],
  [0.8, 'Ư'],
  [0.83, '%'],
  [0.89, 'M'],
  [0.94, 'W'],
  [1, '—'],
];
const EM = new Map(EM_GROUPS.flatMap(([width, chars]) => [...chars].map((ch) => [ch, width] as const)));

const em = (ch: string) => EM.get(ch) ?? 0.56;

// The horn of ơ/ư (U+031B) changes the letter's width, so it is put back after the other marks go.
const base = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u031a\u031c-\u036f]/g, '')
    .normalize('NFC');

/** The width, in column units, one line of text takes at a font size (points). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let total = 0;
  for (const ch of base(text)) total += em(ch);
  return (total * fontSize * (bold ? 1.08 : 1)) / UNIT_PT;
}

/** The column width that shows the text on one line. */
export function fittingWidth(text: string, fontSize: number, bold = false): number {
  return Math.max(...text.split('\n').map((line) => textWidth(line, fontSize, bold))) + CELL_PADDING;
}

/**
 * How many lines the text takes when wrapped at word boundaries in a column of that width (a
 * word longer than the column is broken, as the spreadsheet does).
 */
export function wrappedLines(text: string, width: number, fontSize: number, bold = false): number {
  const room = Math.max(1, width - CELL_PADDING);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(' ')) {
      const w = textWidth(word, fontSize, bold);
      const gap = used === 0 ? 0 : textWidth(' ', fontSize, bold);
      if (used + gap + w <= room) {
        used += gap + w;
        continue;
      }
      if (used > 0) lines++;
      lines += Math.max(0, Math.ceil(w / room) - 1);
      used = w % room || (w > 0 ? room : 0);
    }
  }
  return lines;
}

/** A row's height in points for that many lines of text at a font size. */
export function rowHeight(lines: number, fontSize: number): number {
  return Math.ceil(lines * fontSize * 1.2 + 4);
}
