/**
 * The records the rule engine reads: the canonical bundle (BUNDLE.md) after validation, with
 * dates as `Day`s and timestamps as `Instant`s. Every adapter and the database produce these.
 */
import type { Day, Instant } from './time.js';

export const RECORD_KINDS = [
  'unit',
  'person',
  'document',
  'task',
  'draft',
  'weeklySchedule',
  'mailbox',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Kinds a bundle's `deleted` tombstones may name. */
export const DELETABLE_KINDS = ['unit', 'person', 'document', 'task', 'draft'] as const;
export type DeletableKind = (typeof DELETABLE_KINDS)[number];

/** A person's post in the agency (the bundle's `role`); what a caller may do in the API is `AccessRole`. */
export type JobRole = 'leader' | 'unit_head' | 'deputy_head' | 'staff' | 'clerk';
export type Direction = 'incoming' | 'outgoing';
export type Confidentiality = 'normal' | 'confidential' | 'secret' | 'top_secret';
export type Urgency = 'normal' | 'urgent' | 'very_urgent' | 'flash';
export type Channel = 'electronic' | 'paper';

/**
 * What dated an open document's `receivedAt` (incoming) or `issuedAt` (outgoing), best evidence
 * first, when its source says (an edXML source does; BUNDLE.md has no such field, so it is an
 * optional extension: `receivedAtBasis` / `issuedAtBasis` on the bundle record, docs/edxml.md):
 * `trace` the own organ's own record of the passage (its edXML TraceHeader), `status` the own
 * organ's "arrived" status (01), `gateway` the receive time of the axis's gateway, `file` the
 * time the file was written into the source's folder.
 */
export const TIME_BASES = ['trace', 'status', 'gateway', 'file'] as const;
export type TimeBasis = (typeof TIME_BASES)[number];

export interface Unit {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
}

export interface Person {
  id: string;
  name: string | null;
  unitId: string;
  role: JobRole | null;
  email: string | null;
  active: boolean;
}

/** A document that is not confidential: everything the rules may need. */
export interface OpenDocument {
  id: string;
  confidentiality: 'normal';
  direction: Direction;
  number: string | null;
  type: string | null;
  subject: string | null;
  legalNormative: boolean;
  urgency: Urgency | null;
  date: Day;
  receivedAt: Instant | null;
  issuedAt: Instant | null;
  deadline: Day | null;
  channel: Channel;
  signatures: { agency: boolean; signer: boolean };
  unitId: string | null;
  /** What dated `receivedAt` (incoming) or `issuedAt` (outgoing); absent when the source does not say. */
  timeBasis?: TimeBasis;
}

/**
 * A confidential document (Mật, Tối mật, Tuyệt mật): outside every rule, and reduced at the
 * reader to what may be kept (DOMAIN.md §4). Nothing else of it ever enters the engine.
 */
export interface SecretDocument {
  id: string;
  confidentiality: 'confidential' | 'secret' | 'top_secret';
  direction: Direction;
  date: Day;
}

export type Document = OpenDocument | SecretDocument;

export function isSecret(doc: Document): doc is SecretDocument {
  return doc.confidentiality !== 'normal';
}

export interface DeadlineChange {
  deadline: Day;
  at: Instant;
}

export interface Task {
  id: string;
  documentId: string | null;
  title: string | null;
  assignerId: string | null;
  unitId: string;
  assigneeId: string | null;
  assignedAt: Instant;
  deadline: Day | null;
  deadlineChanges: DeadlineChange[];
  plan: { reportedAt: Instant | null; targetDate: Day | null } | null;
  completedAt: Instant | null;
  cancelledAt: Instant | null;
  /**
   * Set (only) when the task handles a confidential document (DOMAIN.md §4): the bundle reader
   * then keeps its id and `documentId` and blanks everything else (unitId '', assignedAt 0, no
   * people, no times). Such a task is outside every rule and must never be shown.
   */
  secret?: true;
}

export interface ReviewRound {
  at: Instant;
  reviewerId: string | null;
}

export interface Draft {
  id: string;
  taskId: string;
  drafterId: string;
  unitId: string;
  /** null: absent in the source, so the task's document decides (BUNDLE.md). */
  legalNormative: boolean | null;
  unitDeadline: Day | null;
  submittedToUnitAt: Instant | null;
  submittedToLeadershipAt: Instant | null;
  reviewRounds: ReviewRound[];
  issuedAt: Instant | null;
  outgoingDocumentId: string | null;
  /**
   * Set (only) when the draft belongs to a task that handles a confidential document: the bundle
   * reader keeps its id and `taskId` and blanks the rest (drafterId and unitId ''). Outside every
   * rule; never shown.
   */
  secret?: true;
}

export interface WeeklySchedule {
  unitId: string;
  /** ISO week, `2025-W11`. */
  week: string;
  publishedAt: Instant;
}

/** One observation of a mailbox's activity. Observations accumulate; none replaces another. */
export interface MailboxObservation {
  personId: string;
  address: string;
  lastActiveAt: Instant | null;
}

export interface RecordOf {
  unit: Unit;
  person: Person;
  document: Document;
  task: Task;
  draft: Draft;
  weeklySchedule: WeeklySchedule;
  mailbox: MailboxObservation;
}

export interface Tombstone {
  kind: DeletableKind;
  id: string;
}

/** Everything known after merging bundles in order: what the engine evaluates. */
export interface Dataset {
  units: Map<string, Unit>;
  people: Map<string, Person>;
  documents: Map<string, Document>;
  tasks: Map<string, Task>;
  drafts: Map<string, Draft>;
  /** Keyed `${unitId}|${week}`. */
  weeklySchedules: Map<string, WeeklySchedule>;
  mailboxes: MailboxObservation[];
}

export function emptyDataset(): Dataset {
  return {
    units: new Map(),
    people: new Map(),
    documents: new Map(),
    tasks: new Map(),
    drafts: new Map(),
    weeklySchedules: new Map(),
    mailboxes: [],
  };
}

/**
 * A task that handles a confidential document: only its id and its link survive (DOMAIN.md §4).
 * The neutral values fill the type; `secret` tells every reader to skip it.
 */
export function secretTaskLink(id: string, documentId: string | null): Task {
  return {
    id,
    documentId,
    title: null,
    assignerId: null,
    unitId: '',
    assigneeId: null,
    assignedAt: 0,
    deadline: null,
    deadlineChanges: [],
    plan: null,
    completedAt: null,
    cancelledAt: null,
    secret: true,
  };
}

/** A draft of such a task: its id and link only. */
export function secretDraftLink(id: string, taskId: string): Draft {
  return {
    id,
    taskId,
    drafterId: '',
    unitId: '',
    legalNormative: null,
    unitDeadline: null,
    submittedToUnitAt: null,
    submittedToLeadershipAt: null,
    reviewRounds: [],
    issuedAt: null,
    outgoingDocumentId: null,
    secret: true,
  };
}
