/**
 * Streams a bundle (`dunghan.bundle.v1`, BUNDLE.md) to a file without holding it in memory: the
 * benchmark bundle is several hundred megabytes. Records arrive grouped by section in bundle
 * order; each section's array is opened when its first record arrives and closed when the next
 * section starts. Output is compact JSON with one record per line, so it is also easy to diff.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { BUNDLE_SECTIONS, type BundleSection, type GeneratedItem } from './agency-generator.js';

export interface BundleSource {
  /** The exporting system's name (`source.system`). */
  system: string;
  /** The export's instant with its offset (`source.exportedAt`). */
  exportedAt: string;
}

export interface WriteSummary {
  counts: Record<BundleSection, number>;
  records: number;
  bytes: number;
}

/** Flush in chunks of about this many characters: one write call per record would dominate. */
const CHUNK_CHARS = 1 << 20;

export async function writeBundle(
  path: string,
  items: Iterable<GeneratedItem> | AsyncIterable<GeneratedItem>,
  source: BundleSource,
): Promise<WriteSummary> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  // Until `finished` is awaited nothing listens for 'error'; keep the first one to rethrow it.
  let failure: Error | null = null;
  stream.on('error', (err) => (failure ??= err));

  const counts = Object.fromEntries(BUNDLE_SECTIONS.map((s) => [s, 0])) as Record<BundleSection, number>;
  let pending: string[] = [];
  let pendingChars = 0;
  let sectionIndex = -1;

  const push = (text: string) => {
    pending.push(text);
    pendingChars += text.length;
  };
  const flush = async () => {
    if (failure) throw failure;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    pendingChars = 0;
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  /** Closes the open array (if any) and writes the empty ones up to `target`. */
  const advanceTo = (target: number) => {
    if (sectionIndex >= 0) push('\n]');
    for (let s = sectionIndex + 1; s < target; s++) push(`,\n${JSON.stringify(BUNDLE_SECTIONS[s])}:[]`);
    if (target < BUNDLE_SECTIONS.length) push(`,\n${JSON.stringify(BUNDLE_SECTIONS[target])}:[`);
    sectionIndex = target;
  };

  const accept = (item: GeneratedItem) => {
    const index = BUNDLE_SECTIONS.indexOf(item.section);
    if (index < 0) throw new Error(`unknown bundle section ${JSON.stringify(item.section)}`);
    if (index < sectionIndex) {
      throw new Error(
        `section ${item.section} after ${BUNDLE_SECTIONS[sectionIndex]}: records must come in bundle order`,
      );
    }
    const first = index !== sectionIndex;
    if (first) advanceTo(index);
    push((first ? '\n' : ',\n') + JSON.stringify(item.record));
    counts[item.section]++;
  };

  try {
    push(
      `{"format":"dunghan.bundle.v1",\n"source":${JSON.stringify({ system: source.system, exportedAt: source.exportedAt })}`,
    );
    if (Symbol.asyncIterator in items) {
      for await (const item of items) {
        accept(item);
        if (pendingChars >= CHUNK_CHARS) await flush();
      }
    } else {
      // A synchronous source stays synchronous: awaiting per record would cost more than writing.
      for (const item of items) {
        accept(item);
        if (pendingChars >= CHUNK_CHARS) await flush();
      }
    }
    advanceTo(BUNDLE_SECTIONS.length);
    push(',\n"deleted":[]\n}\n');
    await flush();
    stream.end();
    await finished(stream);
  } catch (err) {
    stream.destroy();
    throw err;
  }
  if (failure) throw failure;

  const records = BUNDLE_SECTIONS.reduce((sum, s) => sum + counts[s], 0);
  return { counts, records, bytes: stream.bytesWritten };
}
