/**
 * What an evaluation of only the affected subjects relies on: between two as-ofs with no new
 * data, the only task and document obligations that change are those of subjects holding a fact
 * after the first as-of (`futureSubjects`) or judged open and due by the second (`movesWithTime`).
 * Checked on a generated agency-half-year, as-of after as-of, against full evaluations.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportInstantOf, generateAgency } from '../../../src/demo/agency-generator.js';
import { writeBundle } from '../../../src/demo/bundle-writer.js';
import { evaluate } from '../../../src/domain/evaluate.js';
import { futureSubjects, movesWithTime, subjectOf } from '../../../src/domain/future-subjects.js';
import type { Dataset } from '../../../src/domain/model.js';
import type { Obligation } from '../../../src/domain/rules/obligation.js';
import type { Instant } from '../../../src/domain/time.js';
import { localDay } from '../../../src/domain/time.js';
import { loadBundles } from '../../../src/infra/bundle/load-bundles.js';
import { at, calendar, config } from '../../factories/dataset.factory.js';

const PERIODIC = new Set(['weekly_schedule', 'official_mailbox']);

function run(dataset: Dataset, asOf: Instant): Map<string, Obligation> {
  const e = evaluate({
    dataset,
    asOf,
    calendar: calendar(),
    campaigns: config.campaigns,
    officialDomain: 'hanam.gov.vn',
    trackingStart: null,
  });
  return new Map(e.obligations.map((o) => [o.id, o]));
}

describe('obligations that change with time alone', () => {
  let dir: string;
  let dataset: Dataset;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dunghan-time-moved-'));
    const file = join(dir, 'agency.bundle.json');
    const options = {
      seed: 20250401,
      units: 6,
      people: 50,
      targetRecords: 3000,
      from: '2025-01-01',
      to: '2025-06-30',
    };
    await writeBundle(file, generateAgency(options), {
      system: 'test',
      exportedAt: exportInstantOf(options.to),
    });
    const loaded = await loadBundles([file]);
    expect(loaded.fatal).toBeNull();
    dataset = loaded.dataset;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Consecutive nights, a long weekend (Hùng Kings, 30/4–1/5), a week, a month, and past the data.
  const AS_OFS = [
    '2025-01-02 01:30',
    '2025-01-03 01:30',
    '2025-02-14 01:30',
    '2025-02-14 17:00',
    '2025-04-07 01:30',
    '2025-04-08 01:30',
    '2025-04-29 23:00',
    '2025-05-02 01:30',
    '2025-05-09 01:30',
    '2025-06-10 01:30',
    '2025-07-15 01:30',
  ].map(at);

  it('are only those of future subjects and of open obligations due by the later as-of', () => {
    let changedSubjects = 0;
    let open = 0;
    for (let i = 1; i < AS_OFS.length; i++) {
      const [t1, t2] = [AS_OFS[i - 1], AS_OFS[i]];
      const before = run(dataset, t1);
      const after = run(dataset, t2);
      const future = futureSubjects(dataset, t1);
      const allowed = new Set([
        ...future.taskIds.map((id) => `task|${id}`),
        ...future.documentIds.map((id) => `document|${id}`),
      ]);
      for (const ob of before.values()) {
        const subject = subjectOf(ob, dataset);
        if (subject === null || !movesWithTime(ob, localDay(t2))) continue;
        allowed.add(`${subject.kind}|${subject.id}`);
        open++;
      }
      const changed = new Set<string>();
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        const [b, a] = [before.get(id), after.get(id)];
        const ob = (a ?? b)!;
        if (PERIODIC.has(ob.rule)) continue;
        if (JSON.stringify(b) === JSON.stringify(a)) continue;
        const subject = subjectOf(ob, dataset)!;
        changed.add(`${subject.kind}|${subject.id}`);
      }
      for (const subject of changed)
        expect({ t1, t2, subject, allowed: allowed.has(subject) }).toMatchObject({ allowed: true });
      changedSubjects += changed.size;
    }
    // Not a vacuous check: time did change obligations, and the open ones due are few.
    expect(changedSubjects).toBeGreaterThan(500);
    expect(open / (AS_OFS.length - 1)).toBeLessThan(dataset.tasks.size / 5);
  });

  it('names the tasks and documents that hold a fact after as-of, and nothing else', () => {
    const asOf = at('2025-03-01 00:00');
    const { taskIds, documentIds } = futureSubjects(dataset, asOf);
    const tasks = new Set(taskIds);
    for (const task of dataset.tasks.values()) {
      if (task.secret === true) continue;
      const drafts = [...dataset.drafts.values()].filter((d) => d.taskId === task.id);
      const instants = [
        task.assignedAt,
        task.plan?.reportedAt ?? null,
        task.completedAt,
        task.cancelledAt,
        ...task.deadlineChanges.map((c) => c.at),
        ...drafts.flatMap((d) => [
          d.submittedToUnitAt,
          d.submittedToLeadershipAt,
          d.issuedAt,
          ...d.reviewRounds.map((r) => r.at),
        ]),
      ];
      const doc = task.documentId === null ? undefined : dataset.documents.get(task.documentId);
      if (doc !== undefined && doc.confidentiality === 'normal') instants.push(doc.receivedAt, doc.issuedAt);
      expect({ task: task.id, future: tasks.has(task.id) }).toEqual({
        task: task.id,
        future: instants.some((x) => x !== null && x > asOf),
      });
    }
    expect(tasks.size).toBeGreaterThan(100);
    expect(documentIds.length).toBeGreaterThan(100);
  });
});
