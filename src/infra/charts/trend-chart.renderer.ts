/**
 * Draws a digest's trend chart to PNG on the server: chart.js on an @napi-rs/canvas canvas, no
 * browser, no DOM. No I/O either, but not pure (a native canvas), so it lives here rather than in
 * the domain. Text is Vietnamese: the font stack names families with Vietnamese glyphs.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { Chart, registerables } from 'chart.js';
import type { TrendChartSpec } from '../../domain/digests/digest-chart.js';

Chart.register(...registerables);

/**
 * Families with Vietnamese glyphs, in order of preference. @napi-rs/canvas reads the system's font
 * folders: without one of these installed (the image installs `fonts-dejavu-core`) every label,
 * axis value and legend is silently left out of the chart.
 */
export const CHART_FONT_FAMILIES = ['DejaVu Sans', 'Noto Sans', 'Liberation Sans', 'Arial'] as const;
const FONT_FAMILY = `${CHART_FONT_FAMILIES.map((f) => `'${f}'`).join(', ')}, sans-serif`;
/** Drawn at twice the CSS size, so text stays sharp on high-density screens and when zoomed. */
const SCALE = 2;

const BRAND = '#1f5f9e';
const TARGET = '#1b6e35';
const BARS = 'rgba(18, 59, 99, 0.14)';
const INK = '#3b4654';

/** Writes each week's percentage above its point: the reader should not have to read the axis. */
const pointValues = (labels: (string | null)[]): Plugin<'bar' | 'line'> => ({
  id: 'dunghanPointValues',
  afterDatasetsDraw(chart) {
    const meta = chart.getDatasetMeta(1);
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = `bold 11px ${FONT_FAMILY}`;
    ctx.textAlign = 'center';
    // Below the point: above it the label would sit on the 100 % target line.
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#ffffff';
    ctx.fillStyle = BRAND;
    meta.data.forEach((point, i) => {
      const label = labels[i];
      if (label === null || label === undefined) return;
      ctx.strokeText(label, point.x, point.y + 7);
      ctx.fillText(label, point.x, point.y + 7);
    });
    ctx.restore();
  },
});

/** A PNG of the chart: `spec.width × spec.height` CSS pixels, drawn at 2× for sharpness. */
export async function renderTrendChart(spec: TrendChartSpec): Promise<Buffer> {
  const canvas = createCanvas(spec.width, spec.height);
  const maxJudged = Math.max(1, ...spec.judged);
  const config: ChartConfiguration<'bar' | 'line', (number | null)[], string[]> = {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: [
        {
          type: 'bar',
          label: spec.judgedLabel,
          data: spec.judged,
          backgroundColor: BARS,
          borderWidth: 0,
          yAxisID: 'count',
          order: 3,
          barPercentage: 0.6,
        },
        {
          type: 'line',
          label: spec.rateLabel,
          data: spec.ratePercent,
          borderColor: BRAND,
          backgroundColor: BRAND,
          borderWidth: 2.5,
          pointRadius: 3.5,
          spanGaps: true,
          yAxisID: 'rate',
          order: 1,
        },
        {
          type: 'line',
          label: spec.targetLabel,
          data: spec.labels.map(() => spec.targetPercent),
          borderColor: TARGET,
          borderDash: [6, 4],
          borderWidth: 1.5,
          pointRadius: 0,
          yAxisID: 'rate',
          order: 2,
        },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: SCALE,
      layout: { padding: { top: 6, right: 8, bottom: 0, left: 4 } },
      font: { family: FONT_FAMILY, size: 11 },
      color: INK,
      plugins: {
        legend: {
          position: 'bottom',
          labels: { boxWidth: 14, boxHeight: 8, font: { family: FONT_FAMILY, size: 11 }, color: INK },
        },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { font: { family: FONT_FAMILY, size: 10 }, color: INK, maxRotation: 0, autoSkip: false },
        },
        rate: {
          type: 'linear',
          position: 'left',
          min: 0,
          max: 112,
          afterBuildTicks: (axis) => {
            axis.ticks = [0, 25, 50, 75, 100].map((value) => ({ value }));
          },
          ticks: { callback: (v) => `${v} %`, font: { family: FONT_FAMILY, size: 10 }, color: INK },
          grid: { color: '#e6ebf1' },
        },
        count: {
          type: 'linear',
          position: 'right',
          min: 0,
          suggestedMax: Math.ceil(maxJudged * 1.25),
          grid: { display: false },
          ticks: { precision: 0, font: { family: FONT_FAMILY, size: 10 }, color: '#7b8794' },
        },
      },
    },
    plugins: [pointValues(spec.pointLabels)],
  };
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
