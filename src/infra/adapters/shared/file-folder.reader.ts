/**
 * Folder sources (edXML drops, register exports, mail-directory exports): the files not yet read
 * are read in name order, so exports named by date or sequence are read in the order they were
 * written; the cursor (folder-cursor.ts) remembers what was read, so a file delivered late, even
 * sorting before the last one read, or written again after it was read, is read on the next sync.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareNames, planFolderRead } from './folder-cursor.js';

export { compareNames };

export interface FolderFile {
  name: string;
  path: string;
}

export interface UnreadFile extends FolderFile {
  /** The cursor to store once the batch ending with this file is committed. */
  cursor: string;
}

/** Files (not folders) of `folder` whose name `accept`s and that `cursor` does not count as read, in reading order. */
export async function unreadFiles(
  folder: string,
  cursor: string | null,
  accept: (name: string) => boolean,
): Promise<UnreadFile[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const listing = await Promise.all(
    entries
      .filter((e) => e.isFile() && accept(e.name))
      .map(async (e) => ({
        name: e.name,
        changed: (await stat(join(folder, e.name), { bigint: true })).ctimeNs,
      })),
  );
  return planFolderRead(listing, cursor).map(({ name, cursor }) => ({
    name,
    path: join(folder, name),
    cursor,
  }));
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
