/**
 * Loads bundle files in order into one dataset (BUNDLE.md, EVALUATE.md): each record is validated
 * as it streams past, good records are kept, bad ones are reported and skipped, and the first file
 * that cannot be used at all stops the load.
 */
import type { BundleIssue } from '../../domain/bundle/bundle-issue.js';
import { DatasetBuilder } from '../../domain/bundle/dataset-builder.js';
import type { PlausibleRange } from '../../domain/bundle/plausible-dates.js';
import { validateRecord, validateSource, validateTombstone } from '../../domain/bundle/record-validator.js';
import type { ReferencedIds, StoredReferences } from '../../domain/bundle/record-batch.js';
import type { Dataset, RecordKind, Tombstone } from '../../domain/model.js';
import { emptyDataset } from '../../domain/model.js';
import type { BundleFileReaderOptions, BundleFileVisitor } from './bundle-file.reader.js';
import { readBundleFile } from './bundle-file.reader.js';

type CountedKind = RecordKind | 'tombstone';

export interface LoadCounts {
  /** Files read to the end without a fatal issue. */
  files: number;
  bytes: number;
  /** Elements read per kind, valid or not. */
  read: Record<CountedKind, number>;
  /** Elements rejected by validation (reference errors found after the merge are in `issues`). */
  rejected: number;
}

export interface LoadedBundles {
  /** The merged data; empty when `fatal` is set, since a fatal file may have been half applied. */
  dataset: Dataset;
  /** The deletions the bundles leave standing, for what is stored (`dunghan import`). */
  tombstones: Tombstone[];
  /** Rejected records and warnings, in reading order, then those found across the merged data. */
  issues: BundleIssue[];
  /** The problem that stopped the load: an unreadable file, broken JSON, not a bundle. */
  fatal: BundleIssue | null;
  counts: LoadCounts;
}

function zeroCounts(): Record<CountedKind, number> {
  return { unit: 0, person: 0, document: 0, task: 0, draft: 0, weeklySchedule: 0, mailbox: 0, tombstone: 0 };
}

export interface LoadBundlesOptions extends BundleFileReaderOptions {
  /**
   * What is stored of the ids the bundles refer to without holding them (`dunghan import`): the
   * reference rules then judge the bundles beside it, as a sync judges a batch. Without it the
   * bundles stand alone (`dunghan evaluate`).
   */
  stored?: (ids: ReferencedIds) => Promise<StoredReferences>;
  /** The dates a record may carry; without it, only the default's lower end applies. */
  plausible?: PlausibleRange;
}

/** Reads `files` in order; a later record with the same key replaces an earlier one (BUNDLE.md). */
export async function loadBundles(
  files: readonly string[],
  options: LoadBundlesOptions = {},
): Promise<LoadedBundles> {
  const builder = new DatasetBuilder();
  const counts: LoadCounts = { files: 0, bytes: 0, read: zeroCounts(), rejected: 0 };

  for (const file of files) {
    builder.beginBundle(file);
    const visitor: BundleFileVisitor = {
      source(value) {
        builder.reject(validateSource(value, file));
      },
      record(kind, value, index) {
        counts.read[kind]++;
        const { record, issues } = validateRecord(kind, value, file, index, options.plausible);
        if (record !== null) builder.add(kind, record);
        else {
          counts.rejected++;
          builder.reject(issues, value);
        }
      },
      tombstone(value, index) {
        counts.read.tombstone++;
        const { tombstone, issues } = validateTombstone(value, file, index);
        if (tombstone !== null) builder.delete(tombstone);
        else {
          counts.rejected++;
          builder.reject(issues);
        }
      },
    };
    const result = await readBundleFile(file, visitor, options);
    counts.bytes += result.bytes;
    if (result.fatal !== null) {
      // What this file already handed over cannot be trusted, nor can a partial merge be finished.
      return {
        dataset: emptyDataset(),
        tombstones: [],
        issues: [...result.issues],
        fatal: result.fatal,
        counts,
      };
    }
    builder.reject(result.issues);
    builder.endBundle();
    counts.files++;
  }

  const stored = options.stored === undefined ? undefined : await options.stored(builder.references());
  const { dataset, tombstones, issues } = builder.finish(stored);
  return { dataset, tombstones, issues, fatal: null, counts };
}
