/**
 * The digest's trend chart carries its words: axis values, week labels and the legend, in
 * Vietnamese. @napi-rs/canvas draws text only with the fonts it finds in the system's font folders;
 * where there are none (a slim container image) the chart still renders, without a single letter.
 * These tests fail on such a machine, saying what to install.
 */
import { describe, expect, it } from '@jest/globals';
import { GlobalFonts, createCanvas, loadImage } from '@napi-rs/canvas';
import { trendChartSpec } from '../../../src/domain/digests/digest-chart.js';
import { unitDigest } from '../../../src/domain/digests/digest-content.js';
import { CHART_FONT_FAMILIES, renderTrendChart } from '../../../src/infra/charts/trend-chart.renderer.js';
import { scenario } from './digest-scenario.js';

const INSTALL_HINT =
  'install a font with Vietnamese glyphs: `apt-get install fonts-dejavu-core` (Debian; docker/Dockerfile and .ci/run do)';

/** Every letter Vietnamese adds to the Latin alphabet, lower and upper case. */
const VIETNAMESE = 'ăâđêôơư' + 'àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ';
const VIETNAMESE_LETTERS = [...VIETNAMESE, ...VIETNAMESE.toUpperCase()];

function installedChartFont(): string {
  const found = CHART_FONT_FAMILIES.find((family) => GlobalFonts.has(family));
  if (found === undefined) {
    const families = GlobalFonts.families.map((f) => f.family);
    throw new Error(
      `No font the digest chart names (${CHART_FONT_FAMILIES.join(', ')}) is installed; the canvas ` +
        `sees ${families.length === 0 ? 'no font at all' : families.join(', ')}. Its labels would be blank: ${INSTALL_HINT}.`,
    );
  }
  return found;
}

/** The alpha channel of one character drawn in black at 48 px. */
function glyph(family: string, char: string): Uint8ClampedArray {
  const canvas = createCanvas(64, 64);
  const ctx = canvas.getContext('2d');
  ctx.font = `48px '${family}'`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#000000';
  ctx.fillText(char, 8, 32);
  const rgba = ctx.getImageData(0, 0, 64, 64).data;
  return rgba.filter((_, i) => i % 4 === 3);
}

const inked = (alpha: Uint8ClampedArray) => alpha.some((a) => a > 0);
const same = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.every((v, i) => v === b[i]);

/** The chart's text colour (`INK` in the renderer): axis values, week labels and legend. */
const INK = [0x3b, 0x46, 0x54];

/** Rows and columns of the PNG whose pixels are the text colour. */
async function inkMap(
  png: Buffer,
): Promise<{ width: number; height: number; isInk: (x: number, y: number) => boolean }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    isInk: (x, y) => {
      const i = (y * image.width + x) * 4;
      return (
        Math.abs(data[i] - INK[0]) + Math.abs(data[i + 1] - INK[1]) + Math.abs(data[i + 2] - INK[2]) < 40
      );
    },
  };
}

/** Runs of consecutive rows with ink between columns [x0, x1): one per line of text. */
function textLines(map: Awaited<ReturnType<typeof inkMap>>, x0: number, x1: number, y0 = 0): number {
  let lines = 0;
  let inLine = false;
  for (let y = y0; y < map.height; y++) {
    let any = false;
    for (let x = x0; x < x1 && !any; x++) any = map.isInk(x, y);
    if (any && !inLine) lines++;
    inLine = any;
  }
  return lines;
}

describe('the digest chart’s text', () => {
  it('has a font the chart names installed', () => {
    expect(installedChartFont()).toEqual(expect.any(String));
  });

  it('has a glyph for every Vietnamese letter in that font', () => {
    const family = installedChartFont();
    // U+0378 is unassigned: whatever the canvas draws for it is what a missing letter looks like.
    const missing = glyph(family, '\u0378');
    const absent = VIETNAMESE_LETTERS.filter((letter) => {
      const drawn = glyph(family, letter);
      return !inked(drawn) || same(drawn, missing);
    });
    if (absent.length > 0)
      throw new Error(`"${family}" draws no glyph for ${absent.join(' ')}: ${INSTALL_HINT}.`);
  });

  it('draws its axis values, week labels and legend', async () => {
    const spec = trendChartSpec(unitDigest(scenario().basis, 'VP'), 'vi');
    expect(spec.judgedLabel).toBe('Số nghĩa vụ được đánh giá');
    const map = await inkMap(await renderTrendChart(spec));
    const { width, height } = map;
    const fix = `the chart has no text (${INSTALL_HINT})`;

    // The rate axis down the left edge: 0 %, 25 %, 50 %, 75 %, 100 %.
    const axisValues = textLines(map, 0, Math.round(width * 0.07));
    if (axisValues === 0) throw new Error(`No rate-axis value is drawn: ${fix}`);
    expect(axisValues).toBe(5);

    // Below the plot, away from the axes: each week's two-line label (`Tuần 15`, `08/04`), then
    // the legend's one line.
    const plotBottom = Math.round(height * 0.75);
    const below = textLines(map, Math.round(width * 0.1), Math.round(width * 0.9), plotBottom);
    if (below === 0) throw new Error(`No week label or legend is drawn: ${fix}`);
    expect(below).toBe(3);
  });
});
