/**
 * Raw bundle records as an exporter writes them, valid by default; a test overrides the one field
 * it is about. Bundles are written under the OS temp directory.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type RawRecord = Record<string, unknown>;

export interface RawBundle {
  format?: unknown;
  source?: unknown;
  units?: unknown[];
  people?: unknown[];
  documents?: unknown[];
  tasks?: unknown[];
  drafts?: unknown[];
  weeklySchedules?: unknown[];
  mailboxes?: unknown[];
  deleted?: unknown[];
  [extra: string]: unknown;
}

export const unit = (o: RawRecord = {}): RawRecord => ({
  id: 'VP',
  name: 'Văn phòng Sở',
  parentId: null,
  headId: 'p1',
  ...o,
});

export const person = (o: RawRecord = {}): RawRecord => ({
  id: 'p2',
  name: 'Trần Thị B',
  unitId: 'VP',
  role: 'staff',
  email: 'b.tt@hanam.gov.vn',
  active: true,
  ...o,
});

export const incoming = (o: RawRecord = {}): RawRecord => ({
  id: 'd1',
  direction: 'incoming',
  number: '123/UBND-KGVX',
  type: 'Công văn',
  subject: 'V/v triển khai chuyển đổi số',
  legalNormative: false,
  confidentiality: 'normal',
  urgency: 'normal',
  date: '2025-03-07',
  receivedAt: '2025-03-10T08:05:00+07:00',
  issuedAt: null,
  deadline: '2025-03-20',
  channel: 'electronic',
  signatures: null,
  unitId: 'VP',
  ...o,
});

export const outgoing = (o: RawRecord = {}): RawRecord => ({
  id: 'o1',
  direction: 'outgoing',
  number: '45/STTTT-VP',
  type: 'Báo cáo',
  subject: 'Báo cáo tháng 3',
  confidentiality: 'normal',
  date: '2025-03-20',
  receivedAt: null,
  issuedAt: '2025-03-20T15:00:00+07:00',
  channel: 'electronic',
  signatures: { agency: true, signer: true },
  unitId: 'VP',
  ...o,
});

/** What must never leave the reader: the number and subject of a confidential document. */
export const SECRET_NUMBER = '77/MẬT-KHẨN-9931';
export const SECRET_SUBJECT = 'Phương án bảo vệ bí mật Zebra-4412';

export const secretDocument = (o: RawRecord = {}): RawRecord =>
  incoming({
    id: 's1',
    confidentiality: 'secret',
    number: SECRET_NUMBER,
    subject: SECRET_SUBJECT,
    channel: 'paper',
    date: '2025-03-05',
    ...o,
  });

export const task = (o: RawRecord = {}): RawRecord => ({
  id: 't1',
  documentId: 'd1',
  title: 'Xử lý công văn 123',
  assignerId: 'p0',
  unitId: 'VP',
  assigneeId: 'p2',
  assignedAt: '2025-03-10T10:00:00+07:00',
  deadline: '2025-03-18',
  deadlineChanges: [{ deadline: '2025-03-25', at: '2025-03-14T09:00:00+07:00' }],
  plan: { reportedAt: '2025-03-12T16:00:00+07:00', targetDate: '2025-03-28' },
  completedAt: null,
  cancelledAt: null,
  ...o,
});

export const draft = (o: RawRecord = {}): RawRecord => ({
  id: 'dr1',
  taskId: 't1',
  drafterId: 'p2',
  unitId: 'VP',
  legalNormative: false,
  unitDeadline: null,
  submittedToUnitAt: '2025-03-13T15:00:00+07:00',
  submittedToLeadershipAt: '2025-03-14T09:30:00+07:00',
  reviewRounds: [{ at: '2025-03-14T14:00:00+07:00', reviewerId: 'p0' }],
  issuedAt: null,
  outgoingDocumentId: null,
  ...o,
});

export const schedule = (o: RawRecord = {}): RawRecord => ({
  unitId: 'VP',
  week: '2025-W11',
  publishedAt: '2025-03-07T16:00:00+07:00',
  ...o,
});

export const mailbox = (o: RawRecord = {}): RawRecord => ({
  personId: 'p2',
  address: 'b.tt@hanam.gov.vn',
  lastActiveAt: '2025-03-10T08:00:00+07:00',
  ...o,
});

/** A bundle with one valid record of every kind, and `parts` in place of any list. */
export function bundle(parts: RawBundle = {}): RawBundle {
  return {
    format: 'dunghan.bundle.v1',
    source: { system: 'test', exportedAt: '2025-03-10T18:00:00+07:00' },
    units: [unit()],
    people: [person({ id: 'p1', role: 'unit_head' }), person()],
    documents: [incoming()],
    tasks: [task()],
    drafts: [draft()],
    weeklySchedules: [schedule()],
    mailboxes: [mailbox()],
    deleted: [],
    ...parts,
  };
}

let dir: string | null = null;
let counter = 0;

/** Writes a bundle (an object, or raw text for broken ones) to a fresh temp file; returns its path. */
export async function writeBundle(content: RawBundle | string, name = 'bundle.json'): Promise<string> {
  dir ??= await mkdtemp(join(tmpdir(), 'dunghan-bundle-'));
  const path = join(dir, `${++counter}-${name}`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  return path;
}

/** Removes what `writeBundle` wrote; call it from `afterAll`. */
export async function removeWrittenBundles(): Promise<void> {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
}
