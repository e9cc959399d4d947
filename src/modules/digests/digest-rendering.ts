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
import type { Digest, Recipient } from '../../domain/digests/digest-content.js';
import {
  digestBasis,
  digestUnitIds,
  leadershipDigest,
  leadershipRecipients,
  unitDigest,
  unitDigestRecipients,
} from '../../domain/digests/digest-content.js';
import { evaluate } from '../../domain/evaluate.js';
import type { Exemption } from '../../domain/rules/obligation.js';
import type { Dataset } from '../../domain/model.js';
import type { Instant, IsoWeek } from '../../domain/time.js';
import { formatIsoWeek } from '../../domain/time.js';
import type { Lang } from '../../i18n/lang.js';
import { renderTrendChart } from '../../presentation/chart/trend-chart.renderer.js';

export const LEADERSHIP_SCOPE = 'leadership';
export const CHART_CID = 'trend-chart@dunghan';

export const unitScope = (unitId: string) => `unit:${unitId}`;

/** `--unit ID` names a unit; `--unit leadership` the leadership digest. */
export function scopeOf(unit: string): string {
  return unit === LEADERSHIP_SCOPE ? LEADERSHIP_SCOPE : unitScope(unit);
}

export interface PlannedDigest {
  scope: string;
  unitId: string | null;
  digest: Digest;
  recipients: Recipient[];
}

export interface RenderedDigest {
  scope: string;
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
 * leadership; only the scopes `wanted` lets through, when given.
 */
export function planDigests(input: {
  dataset: Dataset;
  domain: DomainConfig;
  calendar: WorkingCalendar;
  week: IsoWeek;
  asOf: Instant;
  wanted?: (scope: string) => boolean;
  /** The standing exemptions: an excused obligation is not reported late. */
  exemptions?: Exemption[];
}): PlannedDigest[] {
  const { dataset, domain, calendar } = input;
  const wanted = input.wanted ?? (() => true);
  const scopes = [...digestUnitIds(dataset).map(unitScope), LEADERSHIP_SCOPE].filter(wanted);
  if (scopes.length === 0) return [];
  const evaluation = evaluate({
    dataset,
    asOf: input.asOf,
    calendar,
    campaigns: domain.campaigns,
    officialDomain: domain.settings.officialDomain,
    trackingStart: domain.settings.trackingStart,
    exemptions: input.exemptions,
  });
  const basis = digestBasis({
    week: input.week,
    asOf: input.asOf,
    obligations: evaluation.obligations,
    dataset,
    campaigns: domain.campaigns,
    calendar,
  });
  return scopes.map((scope) => {
    if (scope === LEADERSHIP_SCOPE) {
      return {
        scope,
        unitId: null,
        digest: leadershipDigest(basis),
        recipients: leadershipRecipients(dataset),
      };
    }
    const unitId = scope.slice('unit:'.length);
    return {
      scope,
      unitId,
      digest: unitDigest(basis, unitId),
      recipients: unitDigestRecipients(dataset, unitId),
    };
  });
}

/** Composes and draws one digest; the hash covers everything the recipients receive. */
export async function renderDigest(
  planned: PlannedDigest,
  lang: Lang,
  publicUrl: string | null = null,
): Promise<RenderedDigest> {
  const composed = composeDigest(planned.digest, { lang, chartCid: CHART_CID, publicUrl });
  const chartPng = await renderTrendChart(trendChartSpec(planned.digest, lang));
  const hash = createHash('sha256');
  for (const part of [composed.subject, composed.text, composed.html, JSON.stringify(planned.recipients)]) {
    hash.update(part).update('\u0000');
  }
  hash.update(chartPng);
  return {
    scope: planned.scope,
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

/** `<digest.2025-W11.unit-VP@dunghan>`: the same for every attempt at the same digest. */
export function digestMessageId(week: IsoWeek | string, scope: string, resendNumber = 0): string {
  const w = typeof week === 'string' ? week : formatIsoWeek(week);
  let slug = scope.replace(/[^A-Za-z0-9._-]/g, '-');
  // Two unit ids differing only in replaced characters must not share an id.
  if (slug !== scope.replace(':', '-'))
    slug += '.' + createHash('sha1').update(scope).digest('hex').slice(0, 8);
  return `<digest.${w}.${slug}${resendNumber > 0 ? `.resend-${resendNumber}` : ''}@dunghan>`;
}
