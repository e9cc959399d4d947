import type { Evaluation } from '../domain/evaluate.js';
import { obligationView, scoreView, sortObligations } from '../domain/report/evaluation-view.js';
import type { ScoreEntry } from '../domain/scoring/score.js';
import { formatDay, formatInstant } from '../domain/time.js';
import type { OutputWriter } from './output-writer.js';

/**
 * EVALUATE.md's one JSON object, one obligation or score per line: valid JSON a person can grep,
 * written as it goes so a province-year never sits in memory as one string.
 */
export async function writeEvaluationJson(
  out: OutputWriter,
  evaluation: Evaluation,
  scores: ScoreEntry[],
  options: { evidence: boolean },
): Promise<void> {
  const header = {
    asOf: formatInstant(evaluation.asOf),
    trackingStart: evaluation.trackingStart === null ? null : formatDay(evaluation.trackingStart),
    calendar: { derivedYears: evaluation.derivedYears },
  };
  await out.write(JSON.stringify(header).slice(0, -1) + ',\n"obligations": [');
  let first = true;
  for (const ob of sortObligations(evaluation.obligations)) {
    await out.write((first ? '\n' : ',\n') + JSON.stringify(obligationView(ob)));
    first = false;
  }
  await out.write('\n],\n"scores": [');
  first = true;
  for (const entry of scores) {
    await out.write((first ? '\n' : ',\n') + JSON.stringify(scoreView(entry, options.evidence)));
    first = false;
  }
  await out.write('\n]}\n');
}
