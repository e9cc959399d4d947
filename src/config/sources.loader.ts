import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceDefinition } from '../infra/adapters/source-adapter.port.js';
import type { SourceLimits } from '../infra/adapters/source-adapter.port.js';
import { DEFAULT_SOURCE_LIMITS, DEFAULT_SYNC_CRON } from '../infra/adapters/source-adapter.port.js';
import { DEFAULT_FRESH_WITHIN_HOURS } from '../domain/freshness.js';
import { ConfigError } from './domain-config.loader.js';
import { parseTaskUrl } from './task-url.js';

const KINDS = ['bundle-folder', 'http-json', 'edxml', 'register', 'mail-directory'];

/** Replaces `${data}` and `${env:NAME}` in every string of the options. */
function substitute(
  value: unknown,
  file: string,
  path: string,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): unknown {
  if (typeof value === 'string') {
    return value.replace(
      /\$\{(data|env:([A-Za-z_][A-Za-z0-9_]*))\}/g,
      (_, whole: string, name: string | undefined) => {
        if (whole === 'data') return dataDir;
        const v = env[name!];
        if (v === undefined)
          throw new ConfigError(file, path, `needs the environment variable ${name}, which is not set`);
        return v;
      },
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, file, `${path}[${i}]`, dataDir, env));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, file, `${path}.${k}`, dataDir, env)]),
    );
  }
  return value;
}

/** `config/sources.json`: the sources, validated, secrets taken from the environment. */
export function loadSources(
  configDir: string,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): SourceDefinition[] {
  const file = join(configDir, 'sources.json');
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, '$', `is not valid JSON (${(e as Error).message})`);
  }
  const list = (json as { sources?: unknown }).sources;
  if (!Array.isArray(list)) throw new ConfigError(file, 'sources', 'must be an array');
  const names = new Set<string>();
  return list.map((raw, i) => {
    const path = `sources[${i}]`;
    const s = raw as Record<string, unknown>;
    if (typeof s.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(s.name)) {
      throw new ConfigError(file, `${path}.name`, 'must be lower-case letters, digits and dashes');
    }
    if (names.has(s.name)) throw new ConfigError(file, `${path}.name`, `${s.name} is used twice`);
    names.add(s.name);
    if (!KINDS.includes(s.kind as string))
      throw new ConfigError(file, `${path}.kind`, `must be one of ${KINDS.join(', ')}`);
    const cron = s.cron ?? DEFAULT_SYNC_CRON;
    if (typeof cron !== 'string' || cron.trim().split(/\s+/).length < 5)
      throw new ConfigError(file, `${path}.cron`, 'must be a cron expression');
    const fresh = s.freshWithinHours ?? DEFAULT_FRESH_WITHIN_HOURS;
    if (typeof fresh !== 'number' || !Number.isFinite(fresh) || fresh <= 0)
      throw new ConfigError(file, `${path}.freshWithinHours`, 'must be a positive number of hours');
    const options = substitute(s.options ?? {}, file, `${path}.options`, dataDir, env) as Record<
      string,
      unknown
    >;
    return {
      name: s.name,
      kind: s.kind as SourceDefinition['kind'],
      cron,
      enabled: s.enabled !== false,
      options,
      taskUrl: parseTaskUrl(s.taskUrl, s.kind as string, options, file, `${path}.taskUrl`),
      limits: parseLimits(s.limits, file, `${path}.limits`),
      freshWithinHours: fresh,
    };
  });
}

/** `limits`: any of DEFAULT_SOURCE_LIMITS's keys, each a positive whole number; the rest default. */
function parseLimits(raw: unknown, file: string, path: string): SourceLimits {
  if (raw === undefined) return { ...DEFAULT_SOURCE_LIMITS };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(file, path, 'must be an object');
  const limits: SourceLimits = { ...DEFAULT_SOURCE_LIMITS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULT_SOURCE_LIMITS))
      throw new ConfigError(
        file,
        `${path}.${key}`,
        `is not a limit (${Object.keys(DEFAULT_SOURCE_LIMITS).join(', ')})`,
      );
    if (!Number.isSafeInteger(value) || (value as number) <= 0)
      throw new ConfigError(file, `${path}.${key}`, 'must be a positive whole number');
    limits[key as keyof SourceLimits] = value as number;
  }
  return limits;
}
