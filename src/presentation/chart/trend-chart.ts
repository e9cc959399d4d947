/**
 * What the digest's trend chart shows, as data: per week, the share of judged obligations that
 * were met (against the 100 % target) and how many were judged. The renderer beside it
 * (`trend-chart.renderer.ts`) draws it; nothing here knows about canvases.
 */
import type { Lang } from '../../i18n/lang.js';
import type { Digest } from '../../domain/digests/digest-content.js';
import { DIGEST_TARGET } from '../../domain/digests/digest-content.js';
import { formatRate, formatShortDate, formatWeekShort } from '../formats.js';
import { DIGEST_TEXT } from '../mail/digest-labels.js';

export interface TrendChartSpec {
  /** One per week, oldest first, two lines: `Tuần 11`, `10/03` (the week's Monday). */
  labels: [string, string][];
  /** Percent met, 0–100; null for a week with nothing judged (a gap in the line). */
  ratePercent: (number | null)[];
  /** The percentage written above each point, as the reader writes numbers (`87,5`). */
  pointLabels: (string | null)[];
  judged: number[];
  targetPercent: number;
  rateLabel: string;
  judgedLabel: string;
  targetLabel: string;
  /** CSS pixels; the renderer draws at twice this for sharp text on high-density screens. */
  width: number;
  height: number;
}

export const CHART_WIDTH = 704;
export const CHART_HEIGHT = 260;

export function trendChartSpec(digest: Digest, lang: Lang): TrendChartSpec {
  const t = DIGEST_TEXT[lang];
  return {
    labels: digest.trend.map((w) => [formatWeekShort(w.week, lang), formatShortDate(w.monday, lang)]),
    ratePercent: digest.trend.map((w) => (w.rate === null ? null : Math.round(w.rate * 1000) / 10)),
    pointLabels: digest.trend.map((w) =>
      w.rate === null ? null : formatRate(w.rate, lang).replace(' %', ''),
    ),
    judged: digest.trend.map((w) => w.judged),
    targetPercent: DIGEST_TARGET * 100,
    rateLabel: t.chartRate,
    judgedLabel: t.chartJudged,
    targetLabel: t.chartTarget,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  };
}
