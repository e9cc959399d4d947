/**
 * Reads the campaigns configuration (`config/campaigns.json`) into `Campaign`s, failing with the
 * path of the first bad entry. Pure: the loader hands in the parsed JSON.
 */
import type { RuleId } from '../rules/obligation.js';
import { RULES } from '../rules/obligation.js';
import { parseDay } from '../time.js';
import type { Campaign, Grade, GradeThreshold, Phase } from './campaign.js';
import { DEFAULT_GRADES, DEFAULT_WEIGHTS, GRADES } from './campaign.js';

export class ConfigValueError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function need<T>(ok: boolean, path: string, reason: string, value: T): T {
  if (!ok) throw new ConfigValueError(path, reason);
  return value;
}

function weights(value: unknown, path: string, fallback: Record<RuleId, number>): Record<RuleId, number> {
  if (value === undefined) return fallback;
  need(isObject(value), path, 'must be an object of rule → weight', null);
  const out = { ...fallback };
  for (const [rule, w] of Object.entries(value as Json)) {
    need(
      (RULES as readonly string[]).includes(rule),
      `${path}.${rule}`,
      `unknown rule (known: ${RULES.join(', ')})`,
      null,
    );
    need(
      typeof w === 'number' && w >= 0 && Number.isFinite(w),
      `${path}.${rule}`,
      'must be a number ≥ 0',
      null,
    );
    out[rule as RuleId] = w as number;
  }
  return out;
}

function grades(value: unknown, path: string, fallback: GradeThreshold[]): GradeThreshold[] {
  if (value === undefined) return fallback;
  need(Array.isArray(value) && value.length > 0, path, 'must be a non-empty array', null);
  return (value as unknown[]).map((g, i) => {
    const p = `${path}[${i}]`;
    need(isObject(g), p, 'must be an object { grade, min }', null);
    const { grade, min } = g as Json;
    need(GRADES.includes(grade as Grade), `${p}.grade`, `must be one of ${GRADES.join(', ')}`, null);
    need(
      typeof min === 'number' && min >= 0 && min <= 100,
      `${p}.min`,
      'must be a number from 0 to 100',
      null,
    );
    return { grade: grade as Grade, min: min as number };
  });
}

function target(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  return need(
    typeof value === 'number' && value >= 0 && value <= 1,
    path,
    'must be a share from 0 to 1',
    value as number,
  );
}

export function parseCampaigns(json: unknown): Campaign[] {
  need(isObject(json), '$', 'must be an object with "campaigns"', null);
  const root = json as Json;
  const defaults = (root.defaults ?? {}) as Json;
  need(isObject(defaults), 'defaults', 'must be an object', null);
  const dWeights = weights(defaults.weights, 'defaults.weights', DEFAULT_WEIGHTS);
  const dGrades = grades(defaults.grades, 'defaults.grades', DEFAULT_GRADES);
  const dTarget = target(defaults.excellentTarget, 'defaults.excellentTarget', 0.9);
  need(Array.isArray(root.campaigns), 'campaigns', 'must be an array', null);

  const seenPhases = new Set<string>();
  const campaigns = (root.campaigns as unknown[]).map((c, ci) => {
    const path = `campaigns[${ci}]`;
    need(isObject(c), path, 'must be an object', null);
    const raw = c as Json;
    const id = need(
      typeof raw.id === 'string' && raw.id !== '',
      `${path}.id`,
      'must be a non-empty string',
      raw.id as string,
    );
    need(
      Array.isArray(raw.phases) && raw.phases.length > 0,
      `${path}.phases`,
      'must be a non-empty array',
      null,
    );
    const phases = (raw.phases as unknown[]).map((p, pi): Phase => {
      const pp = `${path}.phases[${pi}]`;
      need(isObject(p), pp, 'must be an object', null);
      const rp = p as Json;
      const pid = need(
        typeof rp.id === 'string' && rp.id !== '',
        `${pp}.id`,
        'must be a non-empty string',
        rp.id as string,
      );
      need(!seenPhases.has(pid), `${pp}.id`, `phase id ${pid} is used twice`, null);
      seenPhases.add(pid);
      const start = typeof rp.start === 'string' ? parseDay(rp.start) : null;
      const end = typeof rp.end === 'string' ? parseDay(rp.end) : null;
      need(start !== null, `${pp}.start`, 'must be a date YYYY-MM-DD that exists', null);
      need(end !== null, `${pp}.end`, 'must be a date YYYY-MM-DD that exists', null);
      need(end! >= start!, `${pp}.end`, 'must not be before start', null);
      const review = rp.review ?? 'preliminary';
      need(
        review === 'preliminary' || review === 'final',
        `${pp}.review`,
        'must be preliminary or final',
        null,
      );
      return {
        id: pid,
        campaignId: id,
        name: typeof rp.name === 'string' ? rp.name : pid,
        start: start!,
        end: end!,
        review: review as Phase['review'],
      };
    });
    return {
      id,
      name: typeof raw.name === 'string' ? raw.name : id,
      phases,
      weights: weights(raw.weights, `${path}.weights`, dWeights),
      grades: grades(raw.grades, `${path}.grades`, dGrades),
      excellentTarget: target(raw.excellentTarget, `${path}.excellentTarget`, dTarget),
    };
  });
  return campaigns;
}
