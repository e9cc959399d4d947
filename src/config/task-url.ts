/**
 * `taskUrl` in sources.json: where the office system (VNPT iOffice, Viettel VOffice…) shows a
 * task, e.g. "https://ioffice.hanam.gov.vn/van-ban/{id}". `{id}` is the task's id as the source
 * knows it: the stored id without the source's `options.idPrefix` and its colon when the adapter
 * prefixed it ("ioffice:VB-2025-114" → "VB-2025-114"), the stored id as it is otherwise. Sources
 * whose ids are hashes of the record's key (edxml, register) cannot give the office system's id,
 * so they take no `taskUrl`.
 */
import type { TaskUrlTemplate } from '../infra/adapters/source-adapter.port.js';
import { ConfigError } from './domain-config.loader.js';

export type { TaskUrlTemplate } from '../infra/adapters/source-adapter.port.js';

const HASHED_ID_KINDS = new Set(['edxml', 'register']);

export function parseTaskUrl(
  raw: unknown,
  kind: string,
  options: Record<string, unknown>,
  file: string,
  path: string,
): TaskUrlTemplate | null {
  if (raw === undefined || raw === null) return null;
  if (HASHED_ID_KINDS.has(kind))
    throw new ConfigError(
      file,
      path,
      `a ${kind} source keeps hashed ids, not the office system's own: it cannot link to a task`,
    );
  if (typeof raw !== 'string' || !/^https?:\/\/[^\s/{}]+(\/\S*)?$/.test(raw))
    throw new ConfigError(
      file,
      path,
      'must be an http(s) address such as https://ioffice.example.gov.vn/van-ban/{id}',
    );
  const holes = raw.match(/\{[^}]*\}/g) ?? [];
  if (holes.length !== 1 || holes[0] !== '{id}' || /[{}]/.test(raw.replace('{id}', '')))
    throw new ConfigError(file, path, 'must hold {id} exactly once, and no other {…}');
  const prefix = options.idPrefix;
  return { template: raw, idPrefix: typeof prefix === 'string' && prefix !== '' ? prefix : null };
}

/** The task's address in the office system; its id percent-encoded, so it cannot change the path. */
export function taskUrlFor(template: TaskUrlTemplate, storedId: string): string | null {
  const prefix = template.idPrefix === null ? null : `${template.idPrefix}:`;
  const local = prefix !== null && storedId.startsWith(prefix) ? storedId.slice(prefix.length) : storedId;
  if (local === '') return null;
  return template.template.replace('{id}', encodeURIComponent(local));
}

/**
 * The office-system link of a task from the sources that configure one: the task's own source's
 * template, or null (no source known, no template, or an id that leaves nothing to link).
 */
export function taskLinker(
  sources: readonly { name: string; taskUrl?: TaskUrlTemplate | null }[],
): (task: { id: string; source: string | null }) => string | null {
  const templates = new Map<string, TaskUrlTemplate>();
  for (const s of sources) if (s.taskUrl) templates.set(s.name, s.taskUrl);
  return (task) => {
    const template = task.source === null ? undefined : templates.get(task.source);
    return template === undefined ? null : taskUrlFor(template, task.id);
  };
}
