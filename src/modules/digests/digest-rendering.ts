/**
 * From stored records to finished digests for one reported week: the same engine as everywhere
 * else evaluates the data as of the week's slot, the domain builds each digest and the composer
 * writes it, and the chart is drawn. Shared by the digest service and the preview script.
 */
import { createHash } from 'node:crypto';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { WorkingCalendar } from '../../domain/calendar/calendar.js';
import { trendChartSpec } from '../../presentation/chart/trend-chart.js';
import { composeDigest } from '../../presentation/mail/digest-composer.js';
import type { Digest } from '../../domain/digests/digest-content.js';
import type { Recipient } from '../../domain/recipient.js';
import {
  digestBasis,
  digestUnitIds,
  leadershipDigest,
  leadershipRecipients,
  unitDigest,
  unitDigestRecipients,
} from '../../domain/digests/digest-content.js';
import { evaluate } from '../../domain/evaluate.js';
import type { Staleness } from '../../domain/freshness.js';
import type { Exemption } from '../../domain/rules/obligation.js';
import type { Dataset } from '../../domain/model.js';
import type { Instant, IsoWeek } from '../../domain/time.js';
import { formatIsoWeek } from '../../domain/time.js';
import type { Lang } from '../../i18n/lang.js';
import { renderTrendChart } from '../../presentation/chart/trend-chart.renderer.js';

/**
 * What a request (`--unit leadership`, `?unit=leadership`) calls the digest of all units, the
 * leadership's: its `unitId` is null.
 */
export const LEADERSHIP = 'leadership';
export const CHART_CID = 'trend-chart@dunghan';

/** `--unit ID` names a unit's digest; `--unit leadership` the leadership's (no unit, null). */
export function digestUnitOf(unit: string): string | null {
  return unit === LEADERSHIP ? null : unit;
}

export interface PlannedDigest {
  /** The unit it reports; null for the leadership's digest of all units. */
  unitId: string | null;
  digest: Digest;
  recipients: Recipient[];
}

export interface RenderedDigest {
  unitId: string | null;
  week: string;
  asOf: Instant;
  lang: Lang;
  recipients: Recipient[];
  subject: string;
  html: string;
  text: string;
  chartPng: Buffer;
  chartCid: string;
  contentHash: string;
}

/**
 * The digests of `week` as of `asOf`: one per unit (except the leadership's own) and one for the
 * leadership (unit null); only the units `wanted` lets through, when given.
 */
export function planDigests(input: {
  dataset: Dataset;
  domain: DomainConfig;
  calendar: WorkingCalendar;
  week: IsoWeek;
  asOf: Instant;
  wanted?: (unitId: string | null) => boolean;
  /** The standing exemptions: an excused obligation is not reported late. */
  exemptions?: Exemption[];
  /** The stale sources: what waits on them is `unknown`, and the digest says so (docs/freshness.md). */
  staleness?: Staleness;
}): PlannedDigest[] {
  const { dataset, domain, calendar } = input;
  const wanted = input.wanted ?? (() => true);
  const units = [...digestUnitIds(dataset), null].filter(wanted);
  if (units.length === 0) return [];
  const evaluation = evaluate({
    dataset,
    asOf: input.asOf,
    calendar,
    campaigns: domain.campaigns,
    officialDomain: domain.settings.officialDomain,
    trackingStart: domain.settings.trackingStart,
    exemptions: input.exemptions,
    staleness: input.staleness,
  });
  const basis = digestBasis({
    week: input.week,
    asOf: input.asOf,
    obligations: evaluation.obligations,
    dataset,
    campaigns: domain.campaigns,
    calendar,
    staleSources: input.staleness?.sources,
  });
  return units.map((unitId) =>
    unitId === null
      ? { unitId, digest: leadershipDigest(basis), recipients: leadershipRecipients(dataset) }
      : { unitId, digest: unitDigest(basis, unitId), recipients: unitDigestRecipients(dataset, unitId) },
  );
}

/** Composes and draws one digest; the hash covers everything the recipients receive. */
export async function renderDigest(
  planned: PlannedDigest,
  lang: Lang,
  publicUrl: string | null = null,
  taskUrl?: (taskId: string) => string | null,
): Promise<RenderedDigest> {
  const composed = composeDigest(planned.digest, { lang, chartCid: CHART_CID, publicUrl, taskUrl });
  const chartPng = await renderTrendChart(trendChartSpec(planned.digest, lang));
  const hash = createHash('sha256');
  for (const part of [composed.subject, composed.text, composed.html, JSON.stringify(planned.recipients)]) {
    hash.update(part).update('\u0000');
  }
  hash.update(chartPng);
  return {
    unitId: planned.unitId,
    week: planned.digest.period.week,
    asOf: planned.digest.period.asOf,
    lang,
    recipients: planned.recipients,
    subject: composed.subject,
    html: composed.html,
    text: composed.text,
    chartPng,
    chartCid: CHART_CID,
    contentHash: hash.digest('hex'),
  };
}

/**
 * `<digest.2025-W11.unit-VP@dunghan>` (`…leadership@dunghan` for the leadership's): the same for
 * every attempt at the same digest.
 */
export function digestMessageId(week: IsoWeek | string, unitId: string | null, resendNumber = 0): string {
  const w = typeof week === 'string' ? week : formatIsoWeek(week);
  const named = unitId === null ? LEADERSHIP : `unit:${unitId}`;
  let slug = named.replace(/[^A-Za-z0-9._-]/g, '-');
  // Two unit ids differing only in replaced characters must not share an id.
  if (slug !== named.replace(':', '-'))
    slug += '.' + createHash('sha1').update(named).digest('hex').slice(0, 8);
  return `<digest.${w}.${slug}${resendNumber > 0 ? `.resend-${resendNumber}` : ''}@dunghan>`;
}
