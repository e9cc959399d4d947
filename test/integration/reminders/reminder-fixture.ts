/**
 * The data and configuration the reminder integration tests share: the worked example bundle
 * (test/fixtures/examples/2024-basic) plus tasks whose due dates sit next to 2024's days off,
 * and a secret document whose task must never surface; a configuration folder with a quick
 * retry policy.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { defaultConfigDir } from '../../../src/config/project-root.js';
import { exampleBundle, writeBundle } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';

export const SECRET_MARKS = /TUYETMAT|ZZZKIN|tmat|drmat/;

const task = (id: string, assignedAt: string, title: string, extra: Record<string, unknown> = {}) => ({
  id,
  documentId: null,
  title,
  assignerId: 'GD',
  unitId: 'VP',
  assigneeId: 'CV1',
  assignedAt,
  deadline: null,
  deadlineChanges: [],
  plan: null,
  completedAt: null,
  cancelledAt: null,
  ...extra,
});

/**
 * Plan tasks for CV1 (due WD(assigned, +3)):
 * - r-moved: assigned Tue 23 Apr 2024 → due Fri 26 Apr; escalation Thu 2 May (29/4 moved, 30/4, 1/5 off).
 * - r-tet: assigned Fri 2 Feb 2024 → due Wed 7 Feb; escalation Thu 15 Feb (Tết 8–14 Feb).
 * - r-weekend: assigned Tue 7 May 2024 → due Fri 10 May; escalation Mon 13 May.
 * - r-one-a, r-one-b: assigned Mon 6 May → due Thu 9 May; both reminded Wed 8 May.
 * - r-unit (deadline Fri 17 May 2024) with draft r-unitd: CV1 due S = Tue 14 May, the unit (head
 *   TP1) U = Wed 15 May; the unit's escalation on Thu 16 May copies leadership.
 * Example task e2 (CV2, assigned Thu 2 May) is due Mon 6 May: reminded on the make-up Sat 4 May.
 * A secret document (e6c) with a task and draft (tmat, drmat) that would be due Fri 8 Mar.
 */
export function reminderBundle(options: { extension?: { deadline: string; at: string } } = {}): string {
  const b = exampleBundle();
  const secret = b.documents.find((d) => d.id === 'e6c')!;
  secret.number = '99/TUYETMAT-QQQ';
  secret.subject = 'Phương án ZZZKIN';
  b.tasks.push(
    task('r-moved', '2024-04-23T09:00:00+07:00', 'Báo cáo tổng kết công tác chuyển đổi số'),
    task('r-tet', '2024-02-02T09:00:00+07:00', 'Kế hoạch trực Tết Giáp Thìn'),
    task('r-weekend', '2024-05-07T09:00:00+07:00', 'Rà soát thủ tục hành chính quý II'),
    task('r-one-a', '2024-05-06T09:00:00+07:00', 'Góp ý dự thảo quy chế văn thư'),
    task('r-one-b', '2024-05-06T10:00:00+07:00', 'Tổng hợp số liệu hộp thư công vụ'),
    task('r-unit', '2024-05-06T11:00:00+07:00', 'Báo cáo kết quả thi đua 6 tháng', {
      deadline: '2024-05-17',
      deadlineChanges: options.extension ? [options.extension] : [],
    }),
    task('tmat', '2024-03-05T11:00:00+07:00', 'Xử lý ZZZKIN', { documentId: 'e6c', deadline: '2024-03-08' }),
  );
  b.drafts.push({
    id: 'r-unitd',
    taskId: 'r-unit',
    drafterId: 'CV1',
    unitId: 'VP',
    legalNormative: false,
    unitDeadline: null,
    submittedToUnitAt: null,
    submittedToLeadershipAt: null,
    reviewRounds: [],
    issuedAt: null,
    outgoingDocumentId: null,
  });
  b.drafts.push({
    id: 'drmat',
    taskId: 'tmat',
    drafterId: 'CV1',
    unitId: 'VP',
    legalNormative: false,
    unitDeadline: null,
    submittedToUnitAt: null,
    submittedToLeadershipAt: null,
    reviewRounds: [],
    issuedAt: null,
    outgoingDocumentId: null,
  });
  return writeBundle(b, `reminders-${process.pid}-${Date.now()}.json`);
}

/** A copy of the configuration folder with a retry policy that takes milliseconds, not minutes. */
export function configDir(overrides: Record<string, unknown> = {}): { configDir: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'dunghan-remind-'));
  const dir = join(root, 'config');
  cpSync(defaultConfigDir(), dir, { recursive: true });
  const file = join(dir, 'reminders.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    file,
    JSON.stringify({
      ...json,
      retry: { retries: 3, minTimeoutMs: 5, maxTimeoutMs: 20, factor: 2 },
      ...overrides,
    }),
  );
  return { configDir: dir, dataDir: join(root, 'var') };
}

/** What the nightly sync would have stored by `instant`: the bundle imported and evaluated as of it. */
export async function importAsOf(bundle: string, instant: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await capture((io) => runImport({ bundle: [bundle], asOf: instant }, io), env);
  if (result.code !== 0) throw new Error(`import failed: ${result.stderr}`);
}
