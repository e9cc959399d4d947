/**
 * A message pushed to a source over HTTP (`POST /api/sources/:name/push`) read by the source's own
 * adapter, so a push is translated exactly as the same bytes dropped in the source's folder would
 * be: the body is written to a private temporary folder, the adapter (configured as the source is,
 * with that folder in place of its own) pulls it from the beginning, and the folder is removed once
 * the last batch is taken. The source's cursor and folder are never touched: every batch's cursor is
 * null, so a push does not move the nightly sync past files it has not read.
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterFor } from '../adapter.factory.js';
import type { SourceBatch, SourceDefinition } from '../source-adapter.port.js';

/** What a push body is, by its media type. */
export type PushedFormat = 'bundle' | 'edxml';

/** The source kind that reads each pushed format. */
const READER: Record<PushedFormat, SourceDefinition['kind']> = { bundle: 'bundle-folder', edxml: 'edxml' };

/** The format a source of this kind accepts by push, or null when it accepts none. */
export function pushedFormatOf(kind: SourceDefinition['kind']): PushedFormat | null {
  for (const format of Object.keys(READER) as PushedFormat[]) if (READER[format] === kind) return format;
  return null;
}

export interface PushedMessage {
  format: PushedFormat;
  body: Buffer;
  /** The file name the batches and their rejections carry, e.g. `push-3f2a…c1.json`. */
  name: string;
  /** When it arrived: the file's time, which an adapter may use as the arrival of an undated message. */
  receivedAt: Date;
}

/** The pushed message's batches, translated by `source`'s adapter; the temporary copy goes with the last. */
export async function* pushedBatches(
  source: SourceDefinition,
  message: PushedMessage,
): AsyncIterable<SourceBatch> {
  if (source.kind !== READER[message.format])
    throw new Error(
      `a ${message.format} push goes to a ${READER[message.format]} source, not ${source.kind}`,
    );
  const folder = await mkdtemp(join(tmpdir(), 'dunghan-push-'));
  try {
    const file = join(folder, message.name + extensionFor(source, message.format));
    await writeFile(file, message.body, { mode: 0o600 });
    await utimes(file, message.receivedAt, message.receivedAt);
    const options: Record<string, unknown> = { ...source.options, folder };
    // The bundle-folder adapter moves a file to processed/ or rejected/ on settle, which a push
    // never calls; its folders are pointed inside the temporary one all the same.
    if (source.kind === 'bundle-folder')
      Object.assign(options, {
        processedDir: join(folder, 'processed'),
        rejectedDir: join(folder, 'rejected'),
      });
    const adapter = adapterFor({ ...source, options });
    for await (const batch of adapter.pull(null)) yield { ...batch, cursor: null };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A name the source's adapter reads: `.json` for bundles, the first of an edXML source's `extensions`. */
function extensionFor(source: SourceDefinition, format: PushedFormat): string {
  if (format === 'bundle') return '.json';
  const configured = source.options.extensions;
  return Array.isArray(configured) && typeof configured[0] === 'string' ? configured[0] : '.edxml';
}
