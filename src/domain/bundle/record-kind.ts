/**
 * The one table of which bundle array holds which record kind (BUNDLE.md): the file reader, the
 * sync's validation and the messages all read it, so a new kind is added in one place.
 */
import type { RecordKind } from '../model.js';

export type BundleKind = RecordKind | 'tombstone';

/** The array a record kind lives in, as the bundle names it; tombstones live in `deleted`. */
export const ARRAY_OF_KIND = {
  unit: 'units',
  person: 'people',
  document: 'documents',
  task: 'tasks',
  draft: 'drafts',
  weeklySchedule: 'weeklySchedules',
  mailbox: 'mailboxes',
  tombstone: 'deleted',
} as const satisfies Record<BundleKind, string>;

export type BundleArray = (typeof ARRAY_OF_KIND)[BundleKind];

/** The record arrays, in the order a bundle lists them and storage takes them (references first). */
export const RECORD_ARRAYS = Object.entries(ARRAY_OF_KIND)
  .filter(([kind]) => kind !== 'tombstone')
  .map(([kind, array]) => [array, kind]) as readonly (readonly [
  Exclude<BundleArray, 'deleted'>,
  RecordKind,
])[];

/** The kind an array of a bundle holds; undefined for a key that is not a record array. */
export const KIND_OF_ARRAY: ReadonlyMap<string, BundleKind> = new Map(
  Object.entries(ARRAY_OF_KIND).map(([kind, array]) => [array, kind as BundleKind]),
);
