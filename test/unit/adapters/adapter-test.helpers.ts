import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceBatch } from '../../../src/infra/adapters/source-adapter.port.js';

const created: string[] = [];

/** A fresh folder holding exactly `files` (name → content). */
export async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'dunghan-adapter-'));
  created.push(folder);
  for (const [name, content] of Object.entries(files)) await writeFile(join(folder, name), content);
  return folder;
}

export async function removeFolders(): Promise<void> {
  await Promise.all(created.splice(0).map((f) => rm(f, { recursive: true, force: true })));
}

export async function collect<B extends SourceBatch>(batches: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

export function documentsOf(batches: readonly SourceBatch[]): Record<string, unknown>[] {
  return batches.flatMap((b) => b.part.documents ?? []);
}
