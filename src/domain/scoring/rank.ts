/**
 * Standing in a phase: competition ranking (1, 2, 2, 4) by score, best first.
 */

/**
 * Orders by score, best first, ties by id (code-point order, so it never depends on a locale), and
 * gives equal scores the same rank — the next score's rank skips the places they share.
 */
export function rank<T extends { id: string; score: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((r, i) => {
    const previous = ranked[i - 1];
    ranked.push({ ...r, rank: previous !== undefined && previous.score === r.score ? previous.rank : i + 1 });
  });
  return ranked;
}
