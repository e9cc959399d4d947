/**
 * Folder sources (edXML drops, register exports, mail-directory exports): files are read in name
 * order and the cursor is the name of the last file committed, so exports named by date or
 * sequence resume exactly where the last sync stopped.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface FolderFile {
  name: string;
  path: string;
}

/**
 * Plain code-unit order, not locale order: the cursor comparison must agree with the sort on
 * every machine, whatever its locale.
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Files (not folders) of `folder` whose name `accept`s and sorts after `cursor`, in name order. */
export async function filesAfter(
  folder: string,
  cursor: string | null,
  accept: (name: string) => boolean,
): Promise<FolderFile[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && accept(e.name) && (cursor === null || compareNames(e.name, cursor) > 0))
    .map((e) => ({ name: e.name, path: join(folder, e.name) }))
    .sort((a, b) => compareNames(a.name, b.name));
}

export function inGroupsOf<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += n) groups.push(items.slice(i, i + n));
  return groups;
}

/** Case-insensitive extension test: exports come from Windows machines as `.XLSX` as often as not. */
export function hasExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return !lower.startsWith('.') && !lower.startsWith('~$') && extensions.some((ext) => lower.endsWith(ext));
}
