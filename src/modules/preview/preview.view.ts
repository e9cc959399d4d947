import { formatInstant } from '../../domain/time.js';
import type { PreviewResult } from './preview.service.js';

/** A preview as the API answers it: times ISO with +07:00, the moved obligations capped at `limit`. */
export function previewView(p: PreviewResult, limit: number) {
  return {
    change: p.change,
    asOf: formatInstant(p.asOf),
    obligations: p.obligations,
    movedTotal: p.moved.length,
    moved: p.moved.slice(0, limit),
    scores: p.scores,
    unchanged: true as const,
  };
}

export type PreviewView = ReturnType<typeof previewView>;
