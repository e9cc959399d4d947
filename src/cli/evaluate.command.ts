/**
 * `dunghan evaluate` (EVALUATE.md): bundles in, obligations and scores out, no database, no Redis,
 * no mail server. The same calendar, rules and scoring as the service.
 */
import type { Writable } from 'node:stream';
import { ConfigError, loadDomainConfig } from '../config/domain-config.loader.js';
import { defaultConfigDir } from '../config/project-root.js';
import { formatIssue } from '../domain/bundle/bundle-issue.js';
import { plausibleRange } from '../domain/bundle/plausible-dates.js';
import { buildCalendar } from '../domain/calendar/working-calendar.js';
import { evaluate } from '../domain/evaluate.js';
import type { Instant } from '../domain/time.js';
import { computeScores } from '../domain/scoring/score.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { cliMessage } from '../i18n/cli-messages.js';
import { loadBundles } from '../infra/bundle/load-bundles.js';
import { parseAsOf } from '../presentation/as-of.js';
import { writeEvaluationJson } from '../presentation/evaluation-json.writer.js';
import { writeEvaluationTable } from '../presentation/evaluation-table.writer.js';
import { OutputWriter } from '../presentation/output-writer.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export interface EvaluateOptions {
  bundle: string[];
  asOf?: string;
  config?: string;
  format?: string;
  lang?: string;
  evidence?: boolean;
  /** `SOURCE=INSTANT`, repeatable: stale sources and their last good sync (docs/freshness.md). */
  stale?: string[];
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

export { EXIT_OK, EXIT_USAGE };

export async function runEvaluate(options: EvaluateOptions, io: CliIo): Promise<number> {
  const requested = parseLang(options.lang ?? io.env.DUNGHAN_LANG);
  const usage = (message: string) => {
    io.stderr.write(message + '\n');
    return EXIT_USAGE;
  };
  if (options.lang !== undefined && requested === null)
    return usage(cliMessage('langInvalid', 'vi', options.lang));

  let config;
  try {
    config = loadDomainConfig(options.config ?? defaultConfigDir());
  } catch (e) {
    if (e instanceof ConfigError || e instanceof Error)
      return usage(cliMessage('config', requested ?? 'vi', e.message));
    throw e;
  }
  const lang: Lang = requested ?? config.settings.language;

  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'table') return usage(cliMessage('formatInvalid', lang, format));
  if (options.bundle.length === 0) return usage(cliMessage('bundleMissing', lang));
  if (options.asOf === undefined) return usage(cliMessage('asOfMissing', lang));
  const asOf = parseAsOf(options.asOf);
  if (typeof asOf !== 'number') {
    return usage(cliMessage(asOf.error === 'no_offset' ? 'asOfNoOffset' : 'asOfInvalid', lang, options.asOf));
  }

  // A bundle file does not say which source sent each record: a stale source applies to them all.
  const stale = new Map<string, Instant>();
  for (const given of options.stale ?? []) {
    const cut = given.indexOf('=');
    const at = cut > 0 ? parseAsOf(given.slice(cut + 1)) : null;
    if (at === null || typeof at !== 'number') return usage(cliMessage('staleInvalid', lang, given));
    stale.set(given.slice(0, cut), at);
  }

  const loaded = await loadBundles(options.bundle, {
    plausible: plausibleRange(config.settings.plausibleDates, asOf),
  });
  if (loaded.fatal !== null) return usage(formatIssue(loaded.fatal, lang));
  for (const issue of loaded.issues) io.stderr.write(formatIssue(issue, lang) + '\n');
  const rejected = loaded.issues.filter((i) => i.severity === 'error').length;
  if (rejected > 0) io.stderr.write(cliMessage('skipped', lang, String(rejected)) + '\n');

  const calendar = buildCalendar(config.calendar);
  const evaluation = evaluate({
    dataset: loaded.dataset,
    asOf,
    calendar,
    campaigns: config.campaigns,
    officialDomain: config.settings.officialDomain,
    trackingStart: config.settings.trackingStart,
    ...(stale.size > 0 ? { staleness: { sources: stale } } : {}),
  });
  const scores = computeScores(evaluation.obligations, config.campaigns, loaded.dataset.people.values(), {
    withEvidence: options.evidence === true,
  });

  const out = new OutputWriter(io.stdout);
  if (format === 'json')
    await writeEvaluationJson(out, evaluation, scores, { evidence: options.evidence === true });
  else await writeEvaluationTable(out, evaluation, scores, loaded.dataset, lang);
  await out.flush();
  return EXIT_OK;
}
