import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CalendarOptions, CountingMode } from '../domain/calendar/calendar.js';
import type { Campaign } from '../domain/scoring/campaign.js';
import { ConfigValueError, parseCampaigns } from '../domain/scoring/campaign-config.js';
import type { PlausibleDates } from '../domain/bundle/plausible-dates.js';
import { DEFAULT_PLAUSIBLE_DATES } from '../domain/bundle/plausible-dates.js';
import type { Day } from '../domain/time.js';
import { dayFromYmd, parseDay } from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import { loadCalendarOptions } from './calendar.loader.js';
import type { ExportFrame } from './export-frame.js';
import { ExportFrameError, parseExportFrame } from './export-frame.js';

/** The settings the rules depend on, from `config/dunghan.json`. */
export interface DomainSettings {
  officialDomain: string;
  trackingStart: Day | null;
  countingMode: CountingMode;
  language: Lang;
  /** `plausibleDates: { from: "1990-01-01", yearsAhead: 10 }`: a record's dates outside are rejected. */
  plausibleDates: PlausibleDates;
  /** `exportFrame`: agency, place and signers printed around the review export; null without it. */
  exportFrame: ExportFrame | null;
}

export interface DomainConfig {
  dir: string;
  settings: DomainSettings;
  campaigns: Campaign[];
  calendar: CalendarOptions;
}

/** A configuration file that cannot be used: names the file, the entry and the reason. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path}: ${reason}`);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, '$', `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, '$', `is not valid JSON (${(e as Error).message})`);
  }
}

export function parseSettings(json: unknown, file: string): DomainSettings {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError(file, '$', 'must be an object');
  const raw = json as Record<string, unknown>;
  const domain = raw.officialDomain ?? 'hanam.gov.vn';
  if (typeof domain !== 'string' || !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) {
    throw new ConfigError(file, 'officialDomain', 'must be a mail domain such as hanam.gov.vn');
  }
  let trackingStart: Day | null = null;
  if (raw.trackingStart !== undefined && raw.trackingStart !== null) {
    trackingStart = typeof raw.trackingStart === 'string' ? parseDay(raw.trackingStart) : null;
    if (trackingStart === null)
      throw new ConfigError(file, 'trackingStart', 'must be null or a date YYYY-MM-DD that exists');
  }
  const mode = raw.countingMode ?? 'working';
  if (mode !== 'working' && mode !== 'calendar')
    throw new ConfigError(file, 'countingMode', 'must be working or calendar');
  const language = raw.language === undefined ? 'vi' : parseLang(String(raw.language));
  if (language === null) throw new ConfigError(file, 'language', 'must be vi or en');
  const plausibleDates = parsePlausibleDates(raw.plausibleDates, file);
  let exportFrame: ExportFrame | null;
  try {
    exportFrame = parseExportFrame(raw.exportFrame);
  } catch (e) {
    if (e instanceof ExportFrameError) throw new ConfigError(file, e.path, e.reason);
    throw e;
  }
  return {
    officialDomain: domain.toLowerCase(),
    trackingStart,
    countingMode: mode,
    language,
    plausibleDates,
    exportFrame,
  };
}

function parsePlausibleDates(json: unknown, file: string): PlausibleDates {
  if (json === undefined || json === null) return DEFAULT_PLAUSIBLE_DATES;
  if (typeof json !== 'object' || Array.isArray(json))
    throw new ConfigError(
      file,
      'plausibleDates',
      'must be an object { "from": "1990-01-01", "yearsAhead": 10 }',
    );
  const raw = json as Record<string, unknown>;
  let from = DEFAULT_PLAUSIBLE_DATES.from;
  if (raw.from !== undefined) {
    const day = typeof raw.from === 'string' ? parseDay(raw.from) : null;
    // The working calendar starts in 1900: an earlier day would let a record stop the evaluation.
    if (day === null || day < PLAUSIBLE_FLOOR)
      throw new ConfigError(file, 'plausibleDates.from', 'must be a date YYYY-MM-DD from 1900-01-01 on');
    from = day;
  }
  let yearsAhead = DEFAULT_PLAUSIBLE_DATES.yearsAhead;
  if (raw.yearsAhead !== undefined) {
    if (
      typeof raw.yearsAhead !== 'number' ||
      !Number.isInteger(raw.yearsAhead) ||
      raw.yearsAhead < 0 ||
      raw.yearsAhead > 100
    )
      throw new ConfigError(
        file,
        'plausibleDates.yearsAhead',
        'must be a whole number of years from 0 to 100',
      );
    yearsAhead = raw.yearsAhead;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'from' && key !== 'yearsAhead')
      throw new ConfigError(file, `plausibleDates.${key}`, 'is not a setting (from, yearsAhead)');
  }
  return { from, yearsAhead };
}

const PLAUSIBLE_FLOOR = dayFromYmd(1900, 1, 1);

/** Reads and validates a configuration folder: settings, campaigns and the working calendar. */
export function loadDomainConfig(dir: string): DomainConfig {
  if (!existsSync(dir)) throw new ConfigError(dir, '$', 'configuration folder does not exist');
  const settingsFile = join(dir, 'dunghan.json');
  const settings = existsSync(settingsFile)
    ? parseSettings(readJson(settingsFile), settingsFile)
    : parseSettings({}, settingsFile);
  const campaignsFile = join(dir, 'campaigns.json');
  let campaigns: Campaign[];
  try {
    campaigns = parseCampaigns(readJson(campaignsFile));
  } catch (e) {
    if (e instanceof ConfigValueError) throw new ConfigError(campaignsFile, e.path, e.reason);
    throw e;
  }
  const calendar = loadCalendarOptions(dir, settings.countingMode);
  return { dir, settings, campaigns, calendar };
}
