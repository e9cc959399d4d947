/** The checksum of a snapshot's content: SHA-256 of its canonical JSON, as `sha256:<hex>`. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/snapshots/snapshot-content.js';

export function checksum(content: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex')}`;
}
