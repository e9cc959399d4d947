/**
 * A seeded, reproducible generator of synthetic office-system exports in the canonical bundle
 * format (`dunghan.bundle.v1`, BUNDLE.md): departments (Sở) with their units, people, incoming
 * and outgoing documents, tasks, drafts, weekly schedules and mailbox observations, with the
 * lateness, paper documents, missing signatures, extensions and secrets a real export has.
 *
 * Same options → the same records in the same order, byte for byte once serialised: every random
 * choice comes from a small counter-seeded PRNG, never from `Math.random` or the clock.
 *
 * The committed sample `examples/sample-agency.bundle.json` was made with:
 *
 *   npx nest build && node dist/bench/generate-province.js --out examples/sample-agency.bundle.json \
 *     --records 4000 --units 8 --people 80 --from 2025-01-01 --to 2025-06-30 --seed 20250101
 *
 * How it stays small in memory at a million records: the organisation (units, people) is built
 * once and kept; everything else is a function of (seed, index). A "case" (an incoming document,
 * the task made from it, its drafts and the outgoing documents they became) is rebuilt from its
 * own PRNG stream in each of the three passes that emit documents, tasks and drafts, so nothing
 * of the earlier sections has to be held while the later ones are written.
 */
import type { Channel, Confidentiality, Direction, JobRole, Urgency } from '../domain/model.js';
import {
  type Day,
  dayFromYmd,
  daysInMonth,
  formatDay,
  formatDayVi,
  formatIsoWeek,
  isoWeekday,
  isoWeekOf,
  parseDay,
  ymd,
} from '../domain/time.js';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Bundle sections in the order a bundle lists them and the generator yields them. */
export const BUNDLE_SECTIONS = [
  'units',
  'people',
  'documents',
  'tasks',
  'drafts',
  'weeklySchedules',
  'mailboxes',
] as const;
export type BundleSection = (typeof BUNDLE_SECTIONS)[number];

export interface UnitRecord {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
}

export interface PersonRecord {
  id: string;
  name: string;
  unitId: string;
  role: JobRole;
  email: string;
  active: boolean;
}

export interface DocumentRecord {
  id: string;
  direction: Direction;
  number: string;
  type: string;
  subject: string;
  legalNormative: boolean;
  confidentiality: Confidentiality;
  urgency: Urgency;
  date: string;
  receivedAt: string | null;
  issuedAt: string | null;
  deadline: string | null;
  channel: Channel;
  signatures: { agency: boolean; signer: boolean } | null;
  unitId: string;
}

export interface TaskRecord {
  id: string;
  documentId: string | null;
  title: string;
  assignerId: string;
  unitId: string;
  assigneeId: string | null;
  assignedAt: string;
  deadline: string | null;
  deadlineChanges: { deadline: string; at: string }[];
  plan: { reportedAt: string; targetDate: string } | null;
  completedAt: string | null;
  cancelledAt: string | null;
}

export interface DraftRecord {
  id: string;
  taskId: string;
  drafterId: string;
  unitId: string;
  /** null: absent in the source, so the task's document decides (BUNDLE.md). */
  legalNormative: boolean | null;
  unitDeadline: string | null;
  submittedToUnitAt: string | null;
  submittedToLeadershipAt: string | null;
  reviewRounds: { at: string; reviewerId: string }[];
  issuedAt: string | null;
  outgoingDocumentId: string | null;
}

export interface WeeklyScheduleRecord {
  unitId: string;
  week: string;
  publishedAt: string;
}

export interface MailboxRecord {
  personId: string;
  address: string;
  lastActiveAt: string | null;
}

export interface SectionRecord {
  units: UnitRecord;
  people: PersonRecord;
  documents: DocumentRecord;
  tasks: TaskRecord;
  drafts: DraftRecord;
  weeklySchedules: WeeklyScheduleRecord;
  mailboxes: MailboxRecord;
}

export type GeneratedItem = { [S in BundleSection]: { section: S; record: SectionRecord[S] } }[BundleSection];

export interface AgencyGeneratorOptions {
  /** Any integer or string; the whole output is a function of it and the other options. */
  seed: number | string;
  /** Units over all departments, leadership units ("Ban Giám đốc") included. ≥ 2. */
  units: number;
  /** People over all units; every unit needs its head, so ≥ `units`. */
  people: number;
  /**
   * Total records over all sections. Units, people, schedules and mailbox observations follow
   * from the organisation and the period; documents, tasks and drafts fill the rest, so a target
   * below the fixed part yields the fixed part alone.
   */
  targetRecords: number;
  /** First and last local date of the period, `YYYY-MM-DD`. Nothing happens outside it. */
  from: string;
  to: string;
  /** Default `hanam.gov.vn` (DOMAIN.md §3.8). */
  officialDomain?: string;
  /**
   * The first department's name (default "Sở Thông tin và Truyền thông", the department of the
   * seed campaign). A known department name brings its own units; another name gets general ones.
   */
  agencyName?: string;
}

export const DEFAULT_OFFICIAL_DOMAIN = 'hanam.gov.vn';
export const DEFAULT_AGENCY_NAME = 'Sở Thông tin và Truyền thông';

/**
 * The export's own instant: 18:00 on the last day. The generator drops every event after it, so
 * a case near the end of the period is still open (not yet submitted, not yet issued), as in a
 * real export taken that evening.
 */
export function exportInstantOf(to: string): string {
  return `${to}T18:00:00+07:00`;
}

/** Yields the bundle's records section by section, in `BUNDLE_SECTIONS` order. */
export function* generateAgency(options: AgencyGeneratorOptions): Generator<GeneratedItem> {
  const ctx = createContext(options);
  for (const unit of ctx.units) yield { section: 'units', record: unitRecord(unit) };
  for (const person of ctx.people) yield { section: 'people', record: personRecord(person) };
  const n = calibrateCaseCount(ctx);
  for (let i = 1; i <= n; i++) {
    for (const record of buildCase(ctx, i, n, true).documents) yield { section: 'documents', record };
  }
  for (let i = 1; i <= n; i++) {
    const task = buildCase(ctx, i, n, true).task;
    if (task) yield { section: 'tasks', record: task };
  }
  for (let i = 1; i <= n; i++) {
    for (const record of buildCase(ctx, i, n, false).drafts) yield { section: 'drafts', record };
  }
  for (const record of weeklySchedules(ctx)) yield { section: 'weeklySchedules', record };
  for (const record of mailboxObservations(ctx)) yield { section: 'mailboxes', record };
}

// ---------------------------------------------------------------------------------------------
// Randomness: sfc32 seeded per (seed, stream, index), so any record can be rebuilt on its own
// ---------------------------------------------------------------------------------------------

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed))
      throw new RangeError(`seed must be a safe integer or a string, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    return fmix32(lo ^ fmix32(hi ^ 0x5bd1e995));
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return fmix32(h ^ 0x27d4eb2f);
}

class Rng {
  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Index drawn with the given weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller); used for per-person and per-unit habits. */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
}

/** Independent PRNG streams, so that adding draws to one never shifts another. */
const Stream = { Org: 1, Case: 2, CaseText: 3, Schedule: 4, Mailbox: 5 } as const;
type Stream = (typeof Stream)[keyof typeof Stream];

function rngFor(seedHash: number, stream: Stream, a: number, b = 0): Rng {
  let h = fmix32(seedHash ^ Math.imul(stream + 1, 0x9e3779b1));
  h = fmix32(h ^ Math.imul(a + 1, 0x85ebca77));
  h = fmix32(h ^ Math.imul(b + 1, 0xc2b2ae3d));
  return new Rng(h, fmix32(h ^ 0x1b873593), fmix32(h ^ 0xcc9e2d51), fmix32(h ^ 0xe6546b64));
}

/** Cumulative weights with a binary search, for the draws made once per case. */
class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  draw(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

// ---------------------------------------------------------------------------------------------
// Working days. The product's real calendar lives in src/domain/calendar; the generator keeps a
// small copy of the announced days (CALENDAR.md) so that demo data never depends on it.
// ---------------------------------------------------------------------------------------------

// prettier-ignore
const ANNOUNCED_DAYS_OFF = [
  '2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-04-18',
  '2024-04-29', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03',
  '2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07',
  '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02',
  '2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02',
];
const ANNOUNCED_MAKE_UP_DAYS = ['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22'];
const ANNOUNCED_YEARS = new Set([2024, 2025, 2026]);

class WorkCalendar {
  private readonly off = new Set(ANNOUNCED_DAYS_OFF.map((d) => parseDay(d)!));
  private readonly makeUp = new Set(ANNOUNCED_MAKE_UP_DAYS.map((d) => parseDay(d)!));
  private readonly first: Day;
  private readonly last: Day;
  /** Working days from `first` to `last`, in order. */
  private readonly workdays: Day[] = [];
  /** Number of working days in [first, first + k]. */
  private readonly upTo: Int32Array;

  constructor(first: Day, last: Day) {
    this.first = first;
    this.last = last;
    this.upTo = new Int32Array(last - first + 1);
    for (let d = first; d <= last; d++) {
      if (this.isWorkingSlow(d)) this.workdays.push(d);
      this.upTo[d - first] = this.workdays.length;
    }
  }

  private isWorkingSlow(day: Day): boolean {
    if (this.makeUp.has(day)) return true;
    if (isoWeekday(day) >= 6 || this.off.has(day)) return false;
    const { year, month, day: dom } = ymd(day);
    if (ANNOUNCED_YEARS.has(year)) return true;
    // Outside the announced years only the fixed solar holidays are known here; good enough for
    // demo data, which is meant for 2025.
    return !(
      (month === 1 && dom === 1) ||
      (month === 4 && dom === 30) ||
      (month === 5 && dom === 1) ||
      (month === 9 && dom === 2)
    );
  }

  isWorking(day: Day): boolean {
    if (day < this.first || day > this.last) return this.isWorkingSlow(day);
    const k = day - this.first;
    return this.upTo[k] !== (k === 0 ? 0 : this.upTo[k - 1]);
  }

  /** `WD(d, +n)`, n ≥ 1 (DOMAIN.md §2); n = 0 gives d itself when it is a working day, else the next. */
  add(day: Day, n: number): Day {
    if (n === 0) return this.isWorking(day) ? day : this.add(day, 1);
    if (day >= this.first && day <= this.last) {
      const idx = this.upTo[day - this.first] + n - 1;
      if (idx < this.workdays.length) return this.workdays[idx];
    }
    let d = day;
    for (let left = n; left > 0;) if (this.isWorking(++d)) left--;
    return d;
  }

  /** `WD(d, −n)`: the n-th working day strictly before d, n ≥ 1. */
  sub(day: Day, n: number): Day {
    if (day >= this.first && day <= this.last) {
      const before = this.upTo[day - this.first] - (this.isWorking(day) ? 1 : 0);
      const idx = before - n;
      if (idx >= 0) return this.workdays[idx];
    }
    let d = day;
    for (let left = n; left > 0;) if (this.isWorking(--d)) left--;
    return d;
  }

  /** Working days in (a, b]. */
  between(a: Day, b: Day): number {
    if (b <= a) return 0;
    if (a >= this.first && b <= this.last) return this.upTo[b - this.first] - this.upTo[a - this.first];
    let n = 0;
    for (let d = a + 1; d <= b; d++) if (this.isWorking(d)) n++;
    return n;
  }

  workdaysIn(from: Day, to: Day): Day[] {
    const days: Day[] = [];
    for (let d = from; d <= to; d++) if (this.isWorking(d)) days.push(d);
    return days;
  }
}

// ---------------------------------------------------------------------------------------------
// Local timestamps: seconds since 1970-01-01T00:00 local time, so ordering and day arithmetic are
// integer operations and a timestamp is written with +07:00 without any Date object.
// ---------------------------------------------------------------------------------------------

type Stamp = number;
const SECONDS_PER_DAY = 86_400;
/** Office hours 07:30–11:30 and 13:30–17:00: 450 minutes a day. */
const OFFICE_MINUTES = 450;
const MORNING_MINUTES = 240;

const dayOfStamp = (s: Stamp): Day => Math.floor(s / SECONDS_PER_DAY);
const clockStamp = (day: Day, minuteOfDay: number, second: number): Stamp =>
  day * SECONDS_PER_DAY + minuteOfDay * 60 + second;
const officeClock = (officeMinute: number): number =>
  officeMinute < MORNING_MINUTES ? 450 + officeMinute : 810 + officeMinute - MORNING_MINUTES;

/** The office minute (0…449) at or after a stamp's time of day; 450 when the day is over. */
function officeMinuteAfter(s: Stamp): number {
  const minute = Math.floor((s % SECONDS_PER_DAY) / 60);
  if (minute < 450) return 0;
  if (minute < 690) return minute - 450 + 1;
  if (minute < 810) return MORNING_MINUTES;
  if (minute < 1020) return minute - 810 + MORNING_MINUTES + 1;
  return OFFICE_MINUTES;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

class StampFormatter {
  private readonly days = new Map<Day, string>();

  day(day: Day): string {
    let text = this.days.get(day);
    if (text === undefined) {
      text = formatDay(day);
      this.days.set(day, text);
    }
    return text;
  }

  stamp(s: Stamp): string {
    const day = dayOfStamp(s);
    const sod = s - day * SECONDS_PER_DAY;
    const h = Math.floor(sod / 3600);
    const m = Math.floor((sod % 3600) / 60);
    return `${this.day(day)}T${pad2(h)}:${pad2(m)}:${pad2(sod % 60)}+07:00`;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: departments, names, issuers, subjects
// ---------------------------------------------------------------------------------------------

interface DepartmentDef {
  name: string;
  /** The notation in document numbers: `45/STTTT-VP`. */
  abbr: string;
  /** The field it manages, as it reads inside a subject. */
  field: string;
  ministry: { name: string; code: string; subs: readonly string[] };
  /** Specialised units: [notation code, name]. */
  units: readonly (readonly [string, string])[];
}

// prettier-ignore
const DEPARTMENTS: readonly DepartmentDef[] = [
  {
    name: 'Sở Thông tin và Truyền thông', abbr: 'STTTT', field: 'thông tin và truyền thông',
    ministry: { name: 'Bộ Thông tin và Truyền thông', code: 'BTTTT', subs: ['CĐSQG', 'KHTC', 'THH', 'ATTT', 'BCVT'] },
    units: [['BCVT', 'Phòng Bưu chính - Viễn thông'], ['CNTT', 'Phòng Công nghệ thông tin'],
      ['TTBCXB', 'Phòng Thông tin - Báo chí - Xuất bản'], ['TTCNTT', 'Trung tâm Công nghệ thông tin và Truyền thông'],
      ['CĐS', 'Phòng Chuyển đổi số'], ['ATTT', 'Phòng An toàn thông tin']],
  },
  {
    name: 'Sở Nội vụ', abbr: 'SNV', field: 'nội vụ',
    ministry: { name: 'Bộ Nội vụ', code: 'BNV', subs: ['CCVC', 'TCBC', 'CQĐP', 'CCHC'] },
    units: [['TCBC', 'Phòng Tổ chức, biên chế và Tổ chức phi chính phủ'], ['CCVC', 'Phòng Công chức, viên chức'],
      ['CCHC', 'Phòng Cải cách hành chính'], ['XDCQ', 'Phòng Xây dựng chính quyền và Công tác thanh niên'],
      ['BTĐKT', 'Ban Thi đua - Khen thưởng'], ['CCVTLT', 'Chi cục Văn thư - Lưu trữ'], ['BTG', 'Ban Tôn giáo']],
  },
  {
    name: 'Sở Tài chính', abbr: 'STC', field: 'tài chính - ngân sách',
    ministry: { name: 'Bộ Tài chính', code: 'BTC', subs: ['NSNN', 'QLCS', 'ĐT', 'HCSN'] },
    units: [['QLNS', 'Phòng Quản lý ngân sách'], ['TCĐT', 'Phòng Tài chính đầu tư'],
      ['HCSN', 'Phòng Tài chính hành chính sự nghiệp'], ['GCS', 'Phòng Quản lý giá và Công sản'],
      ['TCDN', 'Phòng Tài chính doanh nghiệp'], ['THTK', 'Phòng Tin học và Thống kê']],
  },
  {
    name: 'Sở Kế hoạch và Đầu tư', abbr: 'SKHĐT', field: 'kế hoạch và đầu tư',
    ministry: { name: 'Bộ Kế hoạch và Đầu tư', code: 'BKHĐT', subs: ['TH', 'KTĐN', 'ĐKKD', 'KTĐPLT'] },
    units: [['THQH', 'Phòng Tổng hợp, Quy hoạch'], ['ĐKKD', 'Phòng Đăng ký kinh doanh'], ['KTN', 'Phòng Kinh tế ngành'],
      ['ĐT', 'Phòng Đầu tư'], ['KGVX', 'Phòng Khoa giáo - Văn xã'], ['XTĐT', 'Trung tâm Xúc tiến đầu tư']],
  },
  {
    name: 'Sở Tư pháp', abbr: 'STP', field: 'tư pháp',
    ministry: { name: 'Bộ Tư pháp', code: 'BTP', subs: ['KTrVB', 'PBGDPL', 'HCTP', 'BTTP'] },
    units: [['XDKTVB', 'Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật'], ['HCTP', 'Phòng Hành chính tư pháp'],
      ['BTTP', 'Phòng Bổ trợ tư pháp'], ['PBGDPL', 'Phòng Phổ biến, giáo dục pháp luật'],
      ['TGPL', 'Trung tâm Trợ giúp pháp lý nhà nước'], ['CC1', 'Phòng Công chứng số 1']],
  },
  {
    name: 'Sở Y tế', abbr: 'SYT', field: 'y tế',
    ministry: { name: 'Bộ Y tế', code: 'BYT', subs: ['KCB', 'DP', 'KHTC', 'QLD'] },
    units: [['NVY', 'Phòng Nghiệp vụ Y'], ['NVD', 'Phòng Nghiệp vụ Dược'], ['TCCB', 'Phòng Tổ chức cán bộ'],
      ['DSKHHGĐ', 'Chi cục Dân số - Kế hoạch hóa gia đình'], ['ATVSTP', 'Chi cục An toàn vệ sinh thực phẩm'],
      ['KSBT', 'Trung tâm Kiểm soát bệnh tật']],
  },
  {
    name: 'Sở Giáo dục và Đào tạo', abbr: 'SGDĐT', field: 'giáo dục và đào tạo',
    ministry: { name: 'Bộ Giáo dục và Đào tạo', code: 'BGDĐT', subs: ['GDPT', 'GDMN', 'QLCL', 'NGCBQLGD'] },
    units: [['GDMN', 'Phòng Giáo dục Mầm non'], ['GDTH', 'Phòng Giáo dục Tiểu học'], ['GDTrH', 'Phòng Giáo dục Trung học'],
      ['GDTX', 'Phòng Giáo dục thường xuyên - Giáo dục chuyên nghiệp'],
      ['KTQLCL', 'Phòng Khảo thí và Quản lý chất lượng giáo dục'], ['TCCB', 'Phòng Tổ chức cán bộ']],
  },
  {
    name: 'Sở Xây dựng', abbr: 'SXD', field: 'xây dựng',
    ministry: { name: 'Bộ Xây dựng', code: 'BXD', subs: ['HĐXD', 'QHKT', 'PTĐT', 'QLN'] },
    units: [['QLXD', 'Phòng Quản lý xây dựng'], ['QHKT', 'Phòng Quy hoạch - Kiến trúc'], ['PTĐT', 'Phòng Phát triển đô thị'],
      ['QLN', 'Phòng Quản lý nhà và Thị trường bất động sản'], ['KĐCL', 'Trung tâm Kiểm định chất lượng xây dựng']],
  },
  {
    name: 'Sở Giao thông vận tải', abbr: 'SGTVT', field: 'giao thông vận tải',
    ministry: { name: 'Bộ Giao thông vận tải', code: 'BGTVT', subs: ['KCHT', 'VT', 'ATGT', 'KHĐT'] },
    units: [['KCHT', 'Phòng Quản lý kết cấu hạ tầng giao thông'], ['QLVT', 'Phòng Quản lý vận tải, phương tiện và người lái'],
      ['QLCL', 'Phòng Quản lý chất lượng công trình giao thông'], ['BTCTGT', 'Ban Quản lý bảo trì công trình giao thông'],
      ['ĐK', 'Trung tâm Đăng kiểm xe cơ giới']],
  },
  {
    name: 'Sở Công Thương', abbr: 'SCT', field: 'công thương',
    ministry: { name: 'Bộ Công Thương', code: 'BCT', subs: ['CN', 'TTTN', 'ĐL', 'ATMT'] },
    units: [['QLCN', 'Phòng Quản lý công nghiệp'], ['QLTM', 'Phòng Quản lý thương mại'], ['QLNL', 'Phòng Quản lý năng lượng'],
      ['KTATMT', 'Phòng Kỹ thuật an toàn - Môi trường'], ['KCXTTM', 'Trung tâm Khuyến công và Xúc tiến thương mại']],
  },
  {
    name: 'Sở Nông nghiệp và Phát triển nông thôn', abbr: 'SNNPTNT', field: 'nông nghiệp và phát triển nông thôn',
    ministry: { name: 'Bộ Nông nghiệp và Phát triển nông thôn', code: 'BNN', subs: ['TT', 'CN', 'TL', 'KTHT'] },
    units: [['TTBVTV', 'Chi cục Trồng trọt và Bảo vệ thực vật'], ['CNTY', 'Chi cục Chăn nuôi và Thú y'],
      ['TL', 'Chi cục Thủy lợi'], ['KL', 'Chi cục Kiểm lâm'], ['PTNT', 'Chi cục Phát triển nông thôn'],
      ['KN', 'Trung tâm Khuyến nông']],
  },
  {
    name: 'Sở Tài nguyên và Môi trường', abbr: 'STNMT', field: 'tài nguyên và môi trường',
    ministry: { name: 'Bộ Tài nguyên và Môi trường', code: 'BTNMT', subs: ['QLĐĐ', 'MT', 'TNN', 'ĐCKS'] },
    units: [['QLĐĐ', 'Phòng Quản lý đất đai'], ['TNNKS', 'Phòng Tài nguyên nước - Khoáng sản'],
      ['BVMT', 'Chi cục Bảo vệ môi trường'], ['VPĐKĐĐ', 'Văn phòng Đăng ký đất đai'],
      ['QTTNMT', 'Trung tâm Quan trắc tài nguyên và môi trường'], ['PTQĐ', 'Trung tâm Phát triển quỹ đất']],
  },
  {
    name: 'Sở Lao động - Thương binh và Xã hội', abbr: 'SLĐTBXH', field: 'lao động, người có công và xã hội',
    ministry: { name: 'Bộ Lao động - Thương binh và Xã hội', code: 'BLĐTBXH', subs: ['VL', 'NCC', 'BTXH', 'TE'] },
    units: [['LĐVL', 'Phòng Lao động - Việc làm - Giáo dục nghề nghiệp'], ['NCC', 'Phòng Người có công'],
      ['BTXH', 'Phòng Bảo trợ xã hội'], ['TEBĐG', 'Phòng Trẻ em - Bình đẳng giới'],
      ['PCTNXH', 'Phòng Phòng, chống tệ nạn xã hội'], ['DVVL', 'Trung tâm Dịch vụ việc làm']],
  },
  {
    name: 'Sở Văn hóa, Thể thao và Du lịch', abbr: 'SVHTTDL', field: 'văn hóa, thể thao và du lịch',
    ministry: { name: 'Bộ Văn hóa, Thể thao và Du lịch', code: 'BVHTTDL', subs: ['VHCS', 'DSVH', 'TDTT', 'TCDL'] },
    units: [['QLVH', 'Phòng Quản lý văn hóa'], ['QLTDTT', 'Phòng Quản lý thể dục thể thao'], ['QLDL', 'Phòng Quản lý du lịch'],
      ['QLDS', 'Phòng Quản lý di sản văn hóa'], ['VHĐA', 'Trung tâm Văn hóa - Điện ảnh'], ['TV', 'Thư viện tỉnh']],
  },
  {
    name: 'Sở Khoa học và Công nghệ', abbr: 'SKHCN', field: 'khoa học và công nghệ',
    ministry: { name: 'Bộ Khoa học và Công nghệ', code: 'BKHCN', subs: ['KHTH', 'ĐP', 'TĐC', 'PTCN'] },
    units: [['QLKH', 'Phòng Quản lý khoa học'], ['QLCN', 'Phòng Quản lý công nghệ và Thị trường công nghệ'],
      ['QLCNg', 'Phòng Quản lý chuyên ngành'], ['TĐC', 'Chi cục Tiêu chuẩn Đo lường Chất lượng'],
      ['ƯDTB', 'Trung tâm Ứng dụng tiến bộ khoa học và công nghệ']],
  },
  {
    name: 'Sở Ngoại vụ', abbr: 'SNgV', field: 'đối ngoại',
    ministry: { name: 'Bộ Ngoại giao', code: 'BNG', subs: ['LS', 'ĐBN', 'NG'] },
    units: [['LSBG', 'Phòng Lãnh sự - Biên giới'], ['HTQT', 'Phòng Hợp tác quốc tế'], ['TTĐN', 'Phòng Thông tin đối ngoại']],
  },
];

/** Every department has these, right after its leadership. */
const COMMON_UNITS: readonly (readonly [string, string])[] = [
  ['VP', 'Văn phòng Sở'],
  ['TTr', 'Thanh tra Sở'],
  ['KHTC', 'Phòng Kế hoạch - Tài chính'],
];
/** Taken in order when a department needs more units than it has names for. */
const FILL_UNITS: readonly (readonly [string, string])[] = [
  ['TCCB', 'Phòng Tổ chức cán bộ'],
  ['PC', 'Phòng Pháp chế'],
  ['CCHC', 'Phòng Cải cách hành chính'],
  ['TKTH', 'Phòng Thống kê - Tổng hợp'],
  ['HTQT', 'Phòng Hợp tác quốc tế'],
  ['QLCL', 'Phòng Quản lý chất lượng'],
  ['TTDV', 'Trung tâm Dịch vụ'],
  ['TTTT', 'Trung tâm Thông tin'],
];
const LEADERSHIP_UNIT: readonly [string, string] = ['BGD', 'Ban Giám đốc'];

// prettier-ignore
const FAMILY_NAMES = new Map<string, number>([
  ['Nguyễn', 31], ['Trần', 11], ['Lê', 8], ['Phạm', 7], ['Vũ', 5], ['Hoàng', 4.5], ['Đỗ', 3], ['Đặng', 2.5],
  ['Bùi', 2.5], ['Đinh', 2], ['Trịnh', 2], ['Phan', 2], ['Ngô', 1.5], ['Dương', 1.2], ['Lương', 1], ['Đào', 1],
  ['Mai', 1], ['Lại', 0.8], ['Tạ', 0.6], ['Cao', 0.8], ['Hà', 0.8], ['Trương', 0.8], ['Đoàn', 0.8], ['Lý', 0.5],
  ['Vương', 0.4], ['Kiều', 0.4], ['Chu', 0.5], ['Tô', 0.5], ['Nghiêm', 0.3], ['Lưu', 0.5], ['Tống', 0.3],
  ['Quách', 0.3], ['Võ', 0.5], ['Hồ', 0.6],
]);
// prettier-ignore
const MALE_MIDDLE = new Map<string, number>([
  ['Văn', 30], ['Đức', 6], ['Minh', 6], ['Quang', 5], ['Hữu', 4], ['Công', 4], ['Xuân', 4], ['Thanh', 4],
  ['Ngọc', 3], ['Tuấn', 2], ['Anh', 2], ['Trọng', 3], ['Đình', 4], ['Mạnh', 2], ['Bá', 2], ['Hồng', 2],
  ['Việt', 2], ['Tiến', 2], ['Duy', 2], ['Thế', 2],
]);
// prettier-ignore
const FEMALE_MIDDLE = new Map<string, number>([
  ['Thị', 40], ['Thu', 5], ['Thanh', 5], ['Ngọc', 4], ['Minh', 3], ['Hồng', 3], ['Thùy', 3], ['Phương', 3],
  ['Kim', 2], ['Bích', 2], ['Diệu', 1], ['Hải', 2], ['Mai', 2], ['Quỳnh', 2], ['Lan', 1], ['Thúy', 2], ['Khánh', 1],
]);
/** Women's names often carry a second middle name after "Thị": Nguyễn Thị Thu Hà. */
const FEMALE_SECOND_MIDDLE = ['Thu', 'Thanh', 'Ngọc', 'Minh', 'Hồng', 'Phương', 'Kim', 'Bích', 'Mai', 'Lan'];
// prettier-ignore
const MALE_GIVEN = [
  'Anh', 'Bình', 'Cường', 'Dũng', 'Dương', 'Đạt', 'Đức', 'Giang', 'Hải', 'Hiếu', 'Hòa', 'Hoàng', 'Hùng', 'Huy',
  'Khánh', 'Khoa', 'Kiên', 'Lâm', 'Long', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn',
  'Tài', 'Thắng', 'Thành', 'Thịnh', 'Toàn', 'Trung', 'Tú', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Vũ', 'Hưng', 'Lộc',
];
// prettier-ignore
const FEMALE_GIVEN = [
  'An', 'Anh', 'Ánh', 'Chi', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hồng', 'Huệ', 'Hương',
  'Huyền', 'Lan', 'Liên', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quyên',
  'Tâm', 'Thảo', 'Thơ', 'Thủy', 'Trang', 'Trinh', 'Uyên', 'Vân', 'Yến', 'Hòa', 'Thu',
];

const PROVINCE = 'Hà Nam';
const DISTRICTS = [
  'UBND thành phố Phủ Lý',
  'UBND thị xã Duy Tiên',
  'UBND huyện Thanh Liêm',
  'UBND huyện Bình Lục',
  'UBND huyện Lý Nhân',
  'UBND huyện Kim Bảng',
];
/** People outside the agency who assign or review: the provincial People's Committee (BUNDLE.md). */
const PROVINCIAL_LEADERS = ['UBND-CT', 'UBND-PCT1', 'UBND-PCT2', 'UBND-PCT3'];

type DocType = 'Công văn' | 'Báo cáo' | 'Kế hoạch' | 'Quyết định' | 'Tờ trình' | 'Thông báo';
const TYPE_NOTATION: Record<DocType, string> = {
  'Công văn': '',
  'Báo cáo': 'BC',
  'Kế hoạch': 'KH',
  'Quyết định': 'QĐ',
  'Tờ trình': 'TTr',
  'Thông báo': 'TB',
};
const DOC_TYPES: readonly DocType[] = [
  'Công văn',
  'Báo cáo',
  'Kế hoạch',
  'Quyết định',
  'Tờ trình',
  'Thông báo',
];
/** Weights over DOC_TYPES. */
const TYPES_INCOMING_TASK = new WeightedTable(DOC_TYPES, [70, 4, 10, 7, 3, 6]);
const TYPES_INCOMING_INFO = new WeightedTable(DOC_TYPES, [45, 7, 12, 16, 2, 18]);
const TYPES_OUTGOING_REPLY = new WeightedTable(DOC_TYPES, [58, 20, 7, 3, 9, 3]);
const TYPES_OUTGOING_OWN = new WeightedTable(DOC_TYPES, [20, 10, 20, 25, 0, 25]);

const CV_TOPICS = [
  'báo cáo kết quả thực hiện nhiệm vụ {field} quý {qp} năm {yq}',
  'đề nghị cung cấp số liệu phục vụ xây dựng báo cáo kinh tế - xã hội tháng {m} năm {y}',
  'tăng cường công tác quản lý nhà nước về {field}',
  'góp ý dự thảo Kế hoạch phát triển kinh tế - xã hội năm {yn}',
  'triển khai thực hiện Đề án 06 trên địa bàn tỉnh',
  'tăng cường bảo đảm an toàn thông tin mạng trong cơ quan nhà nước',
  'rà soát, cập nhật thủ tục hành chính thuộc lĩnh vực {field}',
  'đôn đốc giải ngân kế hoạch vốn đầu tư công năm {y}',
  'thực hiện chế độ báo cáo định kỳ tháng {m} năm {y}',
  'góp ý dự thảo Quyết định ban hành Quy chế phối hợp trong lĩnh vực {field}',
  'cử cán bộ tham gia lớp bồi dưỡng kiến thức quản lý nhà nước',
  'tổ chức Hội nghị sơ kết công tác {field} 6 tháng đầu năm {y}',
  'chuẩn bị nội dung phục vụ kỳ họp HĐND tỉnh',
  'trả lời kiến nghị của cử tri liên quan đến lĩnh vực {field}',
  'giải quyết đơn kiến nghị của công dân',
  'thực hiện các giải pháp nâng cao Chỉ số cải cách hành chính (PAR Index) năm {y}',
  'nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm {y}',
  'sắp xếp, tinh gọn tổ chức bộ máy theo Nghị quyết số 18-NQ/TW',
  'triển khai Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số',
  'tổ chức các hoạt động kỷ niệm 50 năm Ngày Giải phóng miền Nam, thống nhất đất nước',
  'tổ chức các hoạt động kỷ niệm 80 năm Cách mạng tháng Tám và Quốc khánh 2/9',
  'chủ động phòng, chống thiên tai và tìm kiếm cứu nạn năm {y}',
  'thực hành tiết kiệm, chống lãng phí năm {y}',
  'công khai dự toán ngân sách năm {y}',
  'kiểm tra công tác cải cách hành chính năm {y}',
  'cập nhật dữ liệu lên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh',
  'triển khai Bộ chỉ số phục vụ người dân, doanh nghiệp',
  'xây dựng dự toán ngân sách nhà nước năm {yn}',
  'phối hợp kiểm tra liên ngành về {field}',
  'đề xuất danh mục nhiệm vụ khoa học và công nghệ năm {yn}',
  'thống kê, rà soát tài sản công',
  'báo cáo tình hình sử dụng chữ ký số và văn bản điện tử',
  'tuyên truyền, phổ biến, giáo dục pháp luật năm {y}',
  'hưởng ứng phong trào thi đua yêu nước năm {y}',
  'đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm {yp}',
  'góp ý dự thảo Nghị quyết của HĐND tỉnh về {field}',
  'đăng ký nhu cầu đào tạo, bồi dưỡng năm {yn}',
  'tăng cường kỷ luật, kỷ cương hành chính trong cơ quan nhà nước',
  'đề nghị phối hợp cung cấp thông tin, tài liệu về {field}',
  'triển khai thực hiện Kế hoạch số {ref}/KH-UBND của UBND tỉnh',
];
const SECRET_TOPICS = [
  'bảo vệ bí mật nhà nước trong lĩnh vực {field}',
  'bảo đảm an ninh, trật tự phục vụ kỳ họp HĐND tỉnh',
  'công tác bảo vệ chính trị nội bộ năm {y}',
  'phương án bảo đảm an ninh mạng đối với hệ thống thông tin cấp độ 4',
  'kết quả xác minh đơn tố cáo',
  'danh mục bí mật nhà nước thuộc {dept}',
];
const BC_SUBJECTS = [
  'Kết quả thực hiện nhiệm vụ tháng {mp} và phương hướng, nhiệm vụ tháng {m} năm {y}',
  'Tình hình thực hiện công tác {field} quý {qp} năm {yq}',
  'Sơ kết công tác {field} 6 tháng đầu năm {y}',
  'Kết quả công tác cải cách hành chính quý {qp} năm {yq}',
  'Kết quả triển khai chuyển đổi số quý {qp} năm {yq}',
  'Công tác phòng, chống tham nhũng, tiêu cực quý {qp} năm {yq}',
  'Kết quả thực hiện Đề án 06 tháng {mp} năm {ym}',
  'Tình hình giải ngân vốn đầu tư công tháng {mp} năm {ym}',
  'Kết quả thực hành tiết kiệm, chống lãng phí năm {yp}',
  'Tổng kết công tác {field} năm {yp} và phương hướng, nhiệm vụ năm {y}',
  'Kết quả công tác tiếp công dân, giải quyết khiếu nại, tố cáo quý {qp} năm {yq}',
  'Tình hình sử dụng văn bản điện tử, chữ ký số tháng {mp} năm {ym}',
];
const KH_SUBJECTS = [
  'Triển khai công tác {field} năm {y}',
  'Tuyên truyền cải cách hành chính năm {y}',
  'Kiểm tra công tác {field} năm {y}',
  'Chuyển đổi số năm {y}',
  'Bảo đảm an toàn thông tin mạng năm {y}',
  'Phổ biến, giáo dục pháp luật năm {y}',
  'Tổ chức phong trào thi đua yêu nước năm {y}',
  'Thực hiện Chương trình hành động về {field} giai đoạn 2025 - 2030',
  'Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {y}',
  'Kiểm soát thủ tục hành chính năm {y}',
  'Tổ chức Hội nghị sơ kết công tác {field} 6 tháng đầu năm {y}',
];
const QD_SUBJECTS = [
  'Về việc thành lập Tổ công tác triển khai nhiệm vụ {field} năm {y}',
  'Về việc phê duyệt Kế hoạch {field} năm {y}',
  'Về việc giao chỉ tiêu kế hoạch năm {y}',
  'Về việc công bố danh mục thủ tục hành chính lĩnh vực {field}',
  'Về việc kiện toàn Ban Chỉ đạo {field} tỉnh {prov}',
  'Về việc khen thưởng thành tích xuất sắc năm {yp}',
  'Về việc cử cán bộ đi công tác',
  'Về việc phê duyệt dự toán kinh phí thực hiện nhiệm vụ {field} năm {y}',
  'Về việc ban hành Quy chế làm việc của {dept}',
];
const LEGAL_SUBJECTS = [
  'Ban hành Quy định phân cấp quản lý nhà nước về {field} trên địa bàn tỉnh {prov}',
  'Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {dept} tỉnh {prov}',
  'Ban hành Quy chế quản lý, vận hành và khai thác hệ thống thông tin dùng chung của tỉnh {prov}',
  'Ban hành Quy định mức chi hỗ trợ trong lĩnh vực {field} trên địa bàn tỉnh {prov}',
  'Sửa đổi, bổ sung một số điều của Quy định về {field} trên địa bàn tỉnh {prov}',
  'Ban hành Quy chế phối hợp trong công tác {field} trên địa bàn tỉnh {prov}',
];
const TTR_SUBJECTS = [
  'Đề nghị phê duyệt Kế hoạch {field} năm {y}',
  'Đề nghị ban hành Quyết định quy định về {field} trên địa bàn tỉnh {prov}',
  'Đề nghị phê duyệt dự toán kinh phí thực hiện nhiệm vụ {field} năm {y}',
  'Đề nghị kiện toàn tổ chức bộ máy của {dept}',
  'Đề nghị khen thưởng thành tích xuất sắc năm {yp}',
  'Đề nghị phê duyệt danh mục nhiệm vụ {field} năm {yn}',
];
const TB_SUBJECTS = [
  'Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng {m} năm {y}',
  'Lịch tiếp công dân tháng {m} năm {y}',
  'Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với {dept}',
  'Kết quả kiểm tra công tác {field} năm {y}',
  'Phân công nhiệm vụ của lãnh đạo {dept}',
  'Kết quả tuyển dụng viên chức năm {y}',
  'Ý kiến chỉ đạo của lãnh đạo UBND tỉnh về công tác {field}',
];
const DIRECT_TASK_TITLES = [
  'Chuẩn bị nội dung, tài liệu cuộc họp giao ban tháng {m}',
  'Xây dựng báo cáo kết quả công tác {field} quý {q} năm {y}',
  'Rà soát, đề xuất sửa đổi Quy chế làm việc của đơn vị',
  'Thực hiện kết luận của Giám đốc Sở tại cuộc họp giao ban ngày {date}',
  'Tham mưu xây dựng Kế hoạch {field} năm {yn}',
  'Tổng hợp số liệu phục vụ báo cáo kinh tế - xã hội tháng {m}',
  'Chuẩn bị nội dung làm việc với Đoàn kiểm tra của {ministry}',
  'Tham mưu giải quyết kiến nghị của doanh nghiệp về lĩnh vực {field}',
  'Cập nhật, công khai thủ tục hành chính lĩnh vực {field}',
  'Tham mưu tổ chức hội nghị tập huấn nghiệp vụ {field}',
];
const TASK_VERBS: Record<DocType, readonly string[]> = {
  'Công văn': ['Tham mưu xử lý', 'Tham mưu trả lời', 'Tham mưu thực hiện', 'Báo cáo theo yêu cầu tại'],
  'Báo cáo': ['Nghiên cứu, tham mưu xử lý'],
  'Kế hoạch': ['Triển khai thực hiện', 'Tham mưu triển khai'],
  'Quyết định': ['Tổ chức thực hiện', 'Tham mưu triển khai'],
  'Tờ trình': ['Thẩm định, tham mưu xử lý'],
  'Thông báo': ['Thực hiện', 'Tham mưu thực hiện'],
};
const ROMAN_QUARTERS = ['I', 'II', 'III', 'IV'];

const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'very_urgent', 'flash'];
const URGENCY_TABLE = new WeightedTable(URGENCIES, [85, 10, 4, 1]);
const SECRET_LEVELS: readonly Confidentiality[] = ['confidential', 'secret', 'top_secret'];
const SECRET_TABLE = new WeightedTable(SECRET_LEVELS, [60, 30, 10]);
/** Working days from receipt to deadline for an ordinary document (3 itself is tight, DOMAIN.md §3.4). */
const TERMS_NORMAL = [4, 5, 5, 5, 6, 7, 7, 8, 10, 10, 10, 12, 15];
const TERMS_URGENT: Record<Urgency, readonly number[]> = {
  normal: TERMS_NORMAL,
  urgent: [2, 3, 3, 4, 5],
  very_urgent: [1, 2, 2, 3],
  flash: [1],
};
/** The long tail of lateness in working days (1–10). */
const LATE_DAYS = new WeightedTable([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [40, 20, 12, 8, 6, 4, 3, 3, 2, 2]);
const REVIEW_ROUNDS_NORMAL = new WeightedTable([0, 1, 2, 3, 4], [5, 86, 6, 2, 1]);
const REVIEW_ROUNDS_LEGAL = new WeightedTable([1, 2, 3, 4, 5], [35, 30, 25, 7, 3]);
const DRAFTS_PER_TASK = new WeightedTable([0, 1, 2, 3], [6, 88, 5, 1]);

// ---------------------------------------------------------------------------------------------
// The organisation
// ---------------------------------------------------------------------------------------------

interface Department {
  index: number;
  /** `S01`…: the id prefix of its units and people. */
  code: string;
  name: string;
  abbr: string;
  field: string;
  ministry: DepartmentDef['ministry'];
  leadership: OrgUnit;
  /** Units other than the leadership. */
  units: OrgUnit[];
  leaderId: string;
  deputyIds: string[];
  /** Share of the agency's cases, to size its document numbers. */
  caseShare: number;
  /** People numbered so far: ids run per department (`S01-CB0001`). */
  peopleNumbered: number;
}

interface OrgUnit {
  index: number;
  id: string;
  /** Notation in outgoing Công văn numbers: `45/STTTT-VP`. */
  code: string;
  name: string;
  dept: Department;
  isLeadership: boolean;
  /** How much work comes to it per person (a Văn phòng handles more than a Trung tâm). */
  workFactor: number;
  /** Size weight when people are shared out. */
  sizeFactor: number;
  /** > 1: publishes late and submits late more often than average. */
  laxity: number;
  members: OrgPerson[];
  head: OrgPerson;
  workers: WeightedTable<OrgPerson> | null;
  /** The deputy director in charge of the unit, who reviews its drafts. */
  supervisorId: string;
}

type MailUse = 'regular' | 'sporadic' | 'never' | 'none';

interface OrgPerson {
  index: number;
  id: string;
  name: string;
  unit: OrgUnit;
  role: JobRole;
  email: string;
  active: boolean;
  /** > 1: misses deadlines more often than average. */
  laxity: number;
  /** The address on the official domain, when the person has one. */
  officialAddress: string | null;
  mailUse: MailUse;
  /** Month index (from the period's first month) after which an inactive person left. */
  leftAfterMonth: number | null;
}

interface Context {
  seedHash: number;
  from: Day;
  to: Day;
  horizon: Stamp;
  domain: string;
  targetRecords: number;
  cal: WorkCalendar;
  fmt: StampFormatter;
  departments: Department[];
  units: OrgUnit[];
  people: OrgPerson[];
  caseUnits: WeightedTable<OrgUnit>;
  /** Working days of the period and the cumulative weight of the case load up to each. */
  caseDays: Day[];
  caseDayWeights: Float64Array;
  months: { year: number; month: number; first: Day; last: Day }[];
}

function createContext(options: AgencyGeneratorOptions): Context {
  const from = parseDay(options.from);
  const to = parseDay(options.to);
  if (from === null)
    throw new RangeError(`from must be a date YYYY-MM-DD, got ${JSON.stringify(options.from)}`);
  if (to === null) throw new RangeError(`to must be a date YYYY-MM-DD, got ${JSON.stringify(options.to)}`);
  if (to < from) throw new RangeError(`to (${options.to}) is before from (${options.from})`);
  if (!Number.isInteger(options.units) || options.units < 2)
    throw new RangeError('units must be an integer ≥ 2');
  if (!Number.isInteger(options.people) || options.people < options.units) {
    throw new RangeError('people must be an integer ≥ units: every unit needs its head');
  }
  if (!Number.isInteger(options.targetRecords) || options.targetRecords < 0) {
    throw new RangeError('targetRecords must be a non-negative integer');
  }
  const domain = (options.officialDomain ?? DEFAULT_OFFICIAL_DOMAIN).toLowerCase();
  const seedHash = hashSeed(options.seed);
  // Late events run past `to` before they are cut; a margin on both sides keeps them O(1).
  const cal = new WorkCalendar(from - 60, to + 240);
  const caseDays = cal.workdaysIn(from, to);
  if (caseDays.length === 0) throw new RangeError(`no working day between ${options.from} and ${options.to}`);

  const ctx: Context = {
    seedHash,
    from,
    to,
    horizon: clockStamp(to, 18 * 60, 0),
    domain,
    targetRecords: options.targetRecords,
    cal,
    fmt: new StampFormatter(),
    departments: [],
    units: [],
    people: [],
    caseUnits: new WeightedTable<OrgUnit>([], []),
    caseDays,
    caseDayWeights: caseLoadCurve(cal, caseDays),
    months: monthsOf(from, to),
  };
  buildOrganisation(ctx, options.units, options.people, options.agencyName ?? DEFAULT_AGENCY_NAME);
  return ctx;
}

function monthsOf(from: Day, to: Day): Context['months'] {
  const months: Context['months'] = [];
  let { year, month } = ymd(from);
  for (;;) {
    const first = Math.max(from, dayFromYmd(year, month, 1));
    const last = Math.min(to, dayFromYmd(year, month, daysInMonth(year, month)));
    if (first > to) break;
    months.push({ year, month, first, last });
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

/**
 * Cumulative case load over the period's working days: Mondays bring the weekend's mail, month
 * ends bring reports, the days after a long break are quiet.
 */
function caseLoadCurve(cal: WorkCalendar, days: Day[]): Float64Array {
  const cumulative = new Float64Array(days.length);
  let sum = 0;
  days.forEach((day, i) => {
    let w = 1;
    const wd = isoWeekday(day);
    if (wd === 1) w *= 1.15;
    if (wd === 5) w *= 0.9;
    const { year, month } = ymd(day);
    if (cal.between(day, dayFromYmd(year, month, daysInMonth(year, month))) < 5) w *= 1.2;
    if (month === 12) w *= 1.1;
    const previous = cal.sub(day, 1);
    if (day - previous > 3) w *= 0.75;
    sum += w;
    cumulative[i] = sum;
  });
  return cumulative;
}

/** The department list with the named agency first. */
function departmentOrder(agencyName: string): DepartmentDef[] {
  const known = DEPARTMENTS.findIndex((d) => d.name.toLowerCase() === agencyName.trim().toLowerCase());
  if (known >= 0) return [DEPARTMENTS[known], ...DEPARTMENTS.filter((_, i) => i !== known)];
  const custom: DepartmentDef = {
    name: agencyName.trim(),
    abbr: notationOf(agencyName),
    field: 'quản lý nhà nước',
    ministry: { name: 'Bộ Nội vụ', code: 'BNV', subs: ['CCVC', 'TCBC', 'CQĐP', 'CCHC'] },
    units: [],
  };
  return [custom, ...DEPARTMENTS];
}

/** "Sở Văn hóa và Thể thao" → "SVHTT": the initials of the name's words. */
function notationOf(name: string): string {
  const letters = name
    .split(/[\s,-]+/)
    .filter((w) => w.length > 0 && w !== 'và')
    .map((w) => w[0].toUpperCase())
    .join('');
  return letters.length > 0 ? letters : 'CQ';
}

const unitKindFactors = (name: string): { work: number; size: number } => {
  if (name.startsWith('Văn phòng')) return { work: 1.3, size: 1.3 };
  if (name.startsWith('Thanh tra')) return { work: 0.7, size: 0.6 };
  if (name.startsWith('Trung tâm') || name.startsWith('Thư viện')) return { work: 0.6, size: 1.5 };
  if (name.startsWith('Chi cục')) return { work: 0.8, size: 1.4 };
  if (name.startsWith('Ban')) return { work: 0.9, size: 1.1 };
  return { work: 1, size: 1 };
};

function buildOrganisation(ctx: Context, unitCount: number, peopleCount: number, agencyName: string): void {
  const rng = rngFor(ctx.seedHash, Stream.Org, 0);
  const defs = departmentOrder(agencyName);
  const deptCount = Math.max(1, Math.min(defs.length, Math.round(unitCount / 12), Math.floor(unitCount / 2)));
  const usedEmails = new Set<string>();

  // Units: the leadership first, then the common units, the department's own, then fillers.
  let unitIndex = 0;
  for (let di = 0; di < deptCount; di++) {
    const def = defs[di];
    const size = Math.floor(unitCount / deptCount) + (di < unitCount % deptCount ? 1 : 0);
    const code = 'S' + pad2(di + 1);
    const dept: Department = {
      index: di,
      code,
      name: def.name,
      abbr: def.abbr,
      field: def.field,
      ministry: def.ministry,
      leadership: undefined as unknown as OrgUnit,
      units: [],
      leaderId: '',
      deputyIds: [],
      caseShare: 0,
      peopleNumbered: 0,
    };
    const names: (readonly [string, string])[] = [];
    const seen = new Set<string>();
    for (const entry of [...COMMON_UNITS, ...def.units, ...FILL_UNITS]) {
      if (names.length >= size - 1) break;
      if (seen.has(entry[0])) continue;
      seen.add(entry[0]);
      names.push(entry);
    }
    for (let k = 1; names.length < size - 1; k++) names.push([`NV${k}`, `Phòng Nghiệp vụ ${k}`]);
    [LEADERSHIP_UNIT, ...names].forEach(([unitCode, unitName], k) => {
      const kind = unitKindFactors(unitName);
      const unit: OrgUnit = {
        index: unitIndex++,
        id: `${code}-${asciiFold(unitCode).toUpperCase()}`,
        code: unitCode,
        name: unitName,
        dept,
        isLeadership: k === 0,
        workFactor: kind.work,
        sizeFactor: kind.size * (0.75 + rng.float() * 0.5),
        laxity: habit(rng),
        members: [],
        head: undefined as unknown as OrgPerson,
        workers: null,
        supervisorId: '',
      };
      if (k === 0) dept.leadership = unit;
      else dept.units.push(unit);
      ctx.units.push(unit);
    });
    ctx.departments.push(dept);
  }

  // People: every unit its head; the leadership 1–3 deputy directors when there are people
  // enough; the rest shared out by unit size (largest remainder, so the total is exact).
  const headcount = new Map<OrgUnit, number>(ctx.units.map((u) => [u, 1]));
  let spare = peopleCount - ctx.units.length;
  for (const dept of ctx.departments) {
    const wanted = spare >= deptCount * 6 ? rng.int(2, 3) : spare >= deptCount ? 1 : 0;
    headcount.set(dept.leadership, 1 + wanted);
    spare -= wanted;
  }
  const workUnits = ctx.units.filter((u) => !u.isLeadership);
  const totalSize = workUnits.reduce((s, u) => s + u.sizeFactor, 0);
  const shares = workUnits.map((u) => (spare * u.sizeFactor) / totalSize);
  const floors = shares.map(Math.floor);
  let left = spare - floors.reduce((s, n) => s + n, 0);
  const byRemainder = shares
    .map((s, i) => [s - floors[i], i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  workUnits.forEach((u, i) => headcount.set(u, 1 + floors[i]));

  for (const unit of ctx.units) {
    const n = headcount.get(unit)!;
    const roles = rolesFor(unit, n, rng);
    roles.forEach((role) => {
      const person = makePerson(ctx, rng, unit, role, usedEmails);
      unit.members.push(person);
      ctx.people.push(person);
    });
    unit.head = unit.members[0];
  }

  for (const dept of ctx.departments) {
    dept.leaderId = dept.leadership.head.id;
    dept.deputyIds = dept.leadership.members.filter((p) => p.role === 'deputy_head').map((p) => p.id);
    const supervisors = dept.deputyIds.length > 0 ? dept.deputyIds : [dept.leaderId];
    dept.units.forEach((u, k) => (u.supervisorId = supervisors[k % supervisors.length]));
    dept.leadership.supervisorId = dept.leaderId;
  }

  for (const unit of workUnits) {
    const candidates = unit.members.filter((p) => p.active && p !== unit.head);
    const weights = candidates.map((p) => (p.role === 'staff' ? 1 : p.role === 'deputy_head' ? 0.4 : 0.15));
    unit.workers = candidates.length > 0 ? new WeightedTable(candidates, weights) : null;
  }
  const caseWeights = workUnits.map((u) => Math.max(1, u.members.length - 1) * u.workFactor);
  ctx.caseUnits = new WeightedTable(workUnits, caseWeights);
  const totalCaseWeight = caseWeights.reduce((s, w) => s + w, 0);
  workUnits.forEach((u, i) => (u.dept.caseShare += caseWeights[i] / totalCaseWeight));
}

/** A lognormal habit around 1, so a few people and units are markedly laxer than the rest. */
function habit(rng: Rng): number {
  return Math.min(4, Math.max(0.25, Math.exp(-0.12 + 0.55 * rng.normal())));
}

function rolesFor(unit: OrgUnit, n: number, rng: Rng): JobRole[] {
  if (unit.isLeadership) return ['leader', ...Array<JobRole>(n - 1).fill('deputy_head')];
  const deputies = n >= 25 ? 3 : n >= 12 ? 2 : n >= 4 ? 1 : 0;
  const isOffice = unit.code === 'VP';
  const clerks = isOffice ? (n >= 10 ? 2 : n >= 3 ? 1 : 0) : n >= 15 && rng.chance(0.5) ? 1 : 0;
  const roles: JobRole[] = ['unit_head'];
  for (let k = 0; k < deputies; k++) roles.push('deputy_head');
  while (roles.length < n - clerks) roles.push('staff');
  while (roles.length < n) roles.push('clerk');
  return roles;
}

const FOLD: Record<string, string> = { đ: 'd', Đ: 'D' };

/** "Nguyễn Thị Thu Hà" → "Nguyen Thi Thu Ha": addresses and ids are ASCII. */
function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => FOLD[c]);
}

function makePerson(
  ctx: Context,
  rng: Rng,
  unit: OrgUnit,
  role: JobRole,
  usedEmails: Set<string>,
): OrgPerson {
  const female = rng.chance(0.52);
  const family = pickWeightedMap(rng, FAMILY_NAMES);
  const middles = [pickWeightedMap(rng, female ? FEMALE_MIDDLE : MALE_MIDDLE)];
  if (female && middles[0] === 'Thị' && rng.chance(0.2)) middles.push(rng.pick(FEMALE_SECOND_MIDDLE));
  let given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  // "Quách Ngọc Ngọc" is not a name anyone is given.
  while (given === middles[middles.length - 1]) given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  const name = [family, ...middles, given].join(' ');

  // Vietnamese official addresses: given name, then the initials of the rest ("namhv").
  const local = (asciiFold(given) + [family, ...middles].map((w) => asciiFold(w)[0]).join('')).toLowerCase();
  const deptTag = asciiFold(unit.dept.abbr).toLowerCase();
  let official = `${local}@${ctx.domain}`;
  for (let k = 1; usedEmails.has(official); k++) {
    official = `${local}${k === 1 ? '' : k}.${deptTag}@${ctx.domain}`;
  }
  usedEmails.add(official);

  // Leaders and heads always use the official mailbox; about one staff member in fifteen
  // registered a personal address instead, and half of those have no official mailbox at all.
  const personal = (role === 'staff' || role === 'clerk') && rng.chance(0.06);
  let email = official;
  let officialAddress: string | null = official;
  if (personal) {
    const year = 1965 + rng.int(0, 35);
    email = rng.chance(0.7)
      ? `${local}.${year}@gmail.com`
      : `${asciiFold(family + given).toLowerCase()}${pad2(year % 100)}@yahoo.com`;
    if (usedEmails.has(email)) email = `${local}.${year}.${deptTag}@gmail.com`;
    usedEmails.add(email);
    if (rng.chance(0.5)) officialAddress = null;
  }
  const active = role === 'staff' || role === 'clerk' ? !rng.chance(0.015) : true;
  const roll = rng.float();
  const mailUse: MailUse =
    officialAddress === null
      ? 'none'
      : personal
        ? 'sporadic'
        : roll < 0.02
          ? 'never'
          : roll < 0.07
            ? 'sporadic'
            : 'regular';
  const leftAfterMonth = active ? null : rng.int(0, Math.max(0, ctx.months.length - 1));
  return {
    index: ctx.people.length,
    id: `${unit.dept.code}-CB${String(++unit.dept.peopleNumbered).padStart(4, '0')}`,
    name,
    unit,
    role,
    email,
    active,
    laxity: habit(rng),
    officialAddress,
    mailUse,
    leftAfterMonth,
  };
}

function pickWeightedMap(rng: Rng, weights: Map<string, number>): string {
  let total = 0;
  for (const w of weights.values()) total += w;
  let x = rng.float() * total;
  let last = '';
  for (const [key, w] of weights) {
    x -= w;
    last = key;
    if (x < 0) return key;
  }
  return last;
}

function unitRecord(unit: OrgUnit): UnitRecord {
  return {
    id: unit.id,
    name: unit.name,
    parentId: unit.isLeadership ? null : unit.dept.leadership.id,
    headId: unit.head.id,
  };
}

function personRecord(person: OrgPerson): PersonRecord {
  return {
    id: person.id,
    name: person.name,
    unitId: person.unit.id,
    role: person.role,
    email: person.email,
    active: person.active,
  };
}

// ---------------------------------------------------------------------------------------------
// Cases: an incoming document and what came of it
// ---------------------------------------------------------------------------------------------

interface CaseRecords {
  documents: DocumentRecord[];
  task: TaskRecord | null;
  drafts: DraftRecord[];
}

/** Wording variables of a subject, from the date it is written on. */
type TextVars = Record<string, string>;

/** What every step of building one case shares. */
interface CaseScope {
  ctx: Context;
  cal: WorkCalendar;
  /** Structure: which records exist and when. */
  rng: Rng;
  /**
   * Wording (numbers, subjects, titles); null when only counting. It has its own stream, so
   * skipping it leaves the structure unchanged.
   */
  text: { rng: Rng; vars: TextVars } | null;
  i: number;
  /** Outgoing documents per calendar day over the agency, to size running numbers. */
  outgoingPerDay: number;
  out: CaseRecords;
}

type CaseKind = 'incomingTask' | 'incomingOnly' | 'directTask' | 'outgoingOnly';
const CASE_KINDS = new WeightedTable<CaseKind>(
  ['incomingTask', 'incomingOnly', 'directTask', 'outgoingOnly'],
  [60, 22, 10, 8],
);
/** Outgoing documents per case, from the mix above; only sizes document numbers. */
const OUTGOING_PER_CASE = 0.68;

interface Incoming {
  record: DocumentRecord;
  receivedAt: Stamp;
  urgency: Urgency;
  secret: boolean;
  /** How a task title names the sender ("UBND tỉnh"); empty without wording. */
  issuerShort: string;
  /** The topic a reply may repeat ("V/v …"); empty without wording. */
  topic: string;
}

/**
 * Builds case `i` of `n`. `withText` false skips the wording, which is drawn from its own stream,
 * so the structure is identical either way and counting is cheap.
 */
function buildCase(ctx: Context, i: number, n: number, withText: boolean): CaseRecords {
  const rng = rngFor(ctx.seedHash, Stream.Case, i);
  const day = caseDay(ctx, i, n);
  const kind = CASE_KINDS.draw(rng);
  const unit = ctx.caseUnits.draw(rng);
  const c: CaseScope = {
    ctx,
    cal: ctx.cal,
    rng,
    text: withText ? { rng: rngFor(ctx.seedHash, Stream.CaseText, i), vars: textVars(unit, day) } : null,
    i,
    outgoingPerDay: (n * OUTGOING_PER_CASE) / (ctx.to - ctx.from + 1),
    out: { documents: [], task: null, drafts: [] },
  };

  if (kind === 'outgoingOnly') {
    const issuedAt = eventOn(c.cal, rng, day, null);
    const secret = rng.chance(0.02) ? SECRET_TABLE.draw(rng) : null;
    c.out.documents.push(
      outgoingDocument(c, `di-${i}`, unit, issuedAt, { secret, legal: false, reply: null, own: true }),
    );
    return c.out;
  }
  let incoming: Incoming | null = null;
  if (kind !== 'directTask') {
    incoming = incomingDocument(c, day, unit, kind === 'incomingTask');
    c.out.documents.push(incoming.record);
    if (kind === 'incomingOnly') return c.out;
  }
  buildTask(c, day, unit, incoming);
  return c.out;
}

/** The working day case `i` of `n` arrives on, following the case-load curve. */
function caseDay(ctx: Context, i: number, n: number): Day {
  const w = ctx.caseDayWeights;
  const x = ((i - 0.5) / n) * w[w.length - 1];
  let lo = 0;
  let hi = w.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w[mid] >= x) hi = mid;
    else lo = mid + 1;
  }
  return ctx.caseDays[lo];
}

/**
 * A time in office hours on `day`, or after `after` when that is later: later the same day when
 * there is time left, else on the next working day.
 */
function eventOn(cal: WorkCalendar, rng: Rng, day: Day, after: Stamp | null): Stamp {
  let d = day;
  let startMinute = 0;
  if (after !== null && dayOfStamp(after) >= d) {
    d = dayOfStamp(after);
    startMinute = officeMinuteAfter(after);
    if (startMinute >= OFFICE_MINUTES - 5) {
      d = cal.add(d, 1);
      startMinute = 0;
    }
  }
  // Most things happen early in what is left of the day: a reply the same afternoon, not at 16:59.
  const span = OFFICE_MINUTES - startMinute;
  const minute = startMinute + Math.floor(span * Math.pow(rng.float(), 1.4));
  return clockStamp(d, officeClock(minute), rng.int(0, 59));
}

function textVars(unit: OrgUnit, day: Day): TextVars {
  const { year, month } = ymd(day);
  const q = Math.floor((month - 1) / 3);
  return {
    field: unit.dept.field,
    dept: unit.dept.name,
    ministry: unit.dept.ministry.name,
    prov: PROVINCE,
    m: String(month),
    mp: String(month === 1 ? 12 : month - 1),
    ym: String(month === 1 ? year - 1 : year),
    q: ROMAN_QUARTERS[q],
    qp: ROMAN_QUARTERS[(q + 3) % 4],
    yq: String(q === 0 ? year - 1 : year),
    y: String(year),
    yp: String(year - 1),
    yn: String(year + 1),
    date: formatDayVi(day),
    ref: String(1 + ((day * 7) % 180)),
  };
}

function fill(template: string, vars: TextVars): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? key);
}

/** A running document number at `perDay` numbers a day since 1 January, with a little jitter. */
function runningNumber(rng: Rng, day: Day, perDay: number): number {
  const dayOfYear = day - dayFromYmd(ymd(day).year, 1, 1);
  return 1 + Math.floor((dayOfYear + rng.float()) * Math.max(perDay, 0.05));
}

interface Issuer {
  /** How a task title names it: "… của UBND tỉnh". */
  short: string;
  number(rng: Rng, type: DocType, day: Day, legal: boolean): string;
}

function incomingIssuer(c: CaseScope, tx: Rng, unit: OrgUnit, legal: boolean): Issuer {
  const ubnd: Issuer = {
    short: 'UBND tỉnh',
    number: (r, type, day, isLegal) => {
      if (isLegal) return `${runningNumber(r, day, 0.12)}/${ymd(day).year}/QĐ-UBND`;
      if (type === 'Công văn') {
        return `${runningNumber(r, day, 22)}/UBND-${r.pick(['KGVX', 'KT', 'NC', 'TH', 'GTXD', 'NNTNMT'])}`;
      }
      return `${runningNumber(r, day, type === 'Quyết định' ? 9 : 1.5)}/${TYPE_NOTATION[type]}-UBND`;
    },
  };
  if (legal) return ubnd;
  switch (tx.weighted([34, 8, 5, 2, 13, 4, 22, 12])) {
    case 0:
      return ubnd;
    case 1:
      return {
        short: 'Văn phòng UBND tỉnh',
        number: (r, type, day) =>
          type === 'Công văn'
            ? `${runningNumber(r, day, 8)}/VPUB-${r.pick(['KGVX', 'TH', 'NC', 'KT'])}`
            : `${runningNumber(r, day, 0.8)}/${TYPE_NOTATION[type]}-VPUB`,
      };
    case 2:
      // Party documents put the type before the slash: 123-CV/TU.
      return {
        short: 'Tỉnh ủy',
        number: (r, type, day) =>
          `${runningNumber(r, day, type === 'Công văn' ? 5 : 0.6)}-${TYPE_NOTATION[type] || 'CV'}/TU`,
      };
    case 3:
      return {
        short: 'Thường trực HĐND tỉnh',
        number: (r, type, day) =>
          type === 'Công văn'
            ? `${runningNumber(r, day, 1.5)}/HĐND-VP`
            : `${runningNumber(r, day, 0.3)}/${TYPE_NOTATION[type]}-HĐND`,
      };
    case 4:
    case 5: {
      const ministry = tx.chance(0.75) ? unit.dept.ministry : tx.pick(DEPARTMENTS).ministry;
      return {
        short: ministry.name,
        number: (r, type, day) =>
          type === 'Công văn'
            ? `${runningNumber(r, day, 30)}/${ministry.code}-${r.pick(ministry.subs)}`
            : `${runningNumber(r, day, 3)}/${TYPE_NOTATION[type]}-${ministry.code}`,
      };
    }
    case 6: {
      const sender = otherDepartment(c.ctx, tx, unit);
      return {
        short: sender.name,
        number: (r, type, day) =>
          type === 'Công văn'
            ? `${runningNumber(r, day, 6)}/${sender.abbr}-${r.pick(sender.subs)}`
            : `${runningNumber(r, day, 0.7)}/${TYPE_NOTATION[type]}-${sender.abbr}`,
      };
    }
    default: {
      const district = tx.pick(DISTRICTS);
      return {
        short: district,
        number: (r, type, day) =>
          type === 'Công văn'
            ? `${runningNumber(r, day, 12)}/UBND-VP`
            : `${runningNumber(r, day, 1.5)}/${TYPE_NOTATION[type]}-UBND`,
      };
    }
  }
}

/** Another department of the province: one in the bundle when there is one, else a known one. */
function otherDepartment(
  ctx: Context,
  tx: Rng,
  unit: OrgUnit,
): { name: string; abbr: string; subs: string[] } {
  const inBundle = ctx.departments.filter((d) => d !== unit.dept);
  if (inBundle.length > 0) {
    const d = tx.pick(inBundle);
    return { name: d.name, abbr: d.abbr, subs: d.units.map((u) => u.code) };
  }
  const def = tx.pick(DEPARTMENTS.filter((d) => d.name !== unit.dept.name));
  return { name: def.name, abbr: def.abbr, subs: ['VP', ...def.units.map((u) => u[0])] };
}

const SUBJECT_POOLS: Record<Exclude<DocType, 'Công văn'>, readonly string[]> = {
  'Báo cáo': BC_SUBJECTS,
  'Kế hoạch': KH_SUBJECTS,
  'Quyết định': QD_SUBJECTS,
  'Tờ trình': TTR_SUBJECTS,
  'Thông báo': TB_SUBJECTS,
};

/** The subject (trích yếu) and the topic a reply may repeat. */
function subjectFor(tx: Rng, type: DocType, vars: TextVars, legal: boolean, secret: boolean) {
  if (type === 'Công văn' && !legal) {
    const topic = fill(tx.pick(secret ? SECRET_TOPICS : CV_TOPICS), vars);
    return { subject: `V/v ${topic}`, topic };
  }
  const subject = fill(
    tx.pick(legal ? LEGAL_SUBJECTS : SUBJECT_POOLS[type as Exclude<DocType, 'Công văn'>]),
    vars,
  );
  return { subject, topic: subject[0].toLowerCase() + subject.slice(1) };
}

function incomingDocument(c: CaseScope, day: Day, unit: OrgUnit, forTask: boolean): Incoming {
  const { ctx, cal, rng } = c;
  const secret = rng.chance(0.017) ? SECRET_TABLE.draw(rng) : null;
  const legal = secret === null && rng.chance(0.06);
  const urgency = URGENCY_TABLE.draw(rng);
  const channel: Channel = secret
    ? rng.chance(0.8)
      ? 'paper'
      : 'electronic'
    : rng.chance(0.03)
      ? 'paper'
      : 'electronic';
  const receivedAt = eventOn(cal, rng, day, null);
  // Electronic mail arrives the day it is signed or a day or two later; paper takes longer.
  const lag = channel === 'paper' ? rng.int(1, 5) : rng.pick([0, 0, 0, 1, 1, 1, 2, 3]);
  const date = lag === 0 ? day : cal.sub(day, lag);
  const type: DocType = legal
    ? 'Quyết định'
    : (forTask ? TYPES_INCOMING_TASK : TYPES_INCOMING_INFO).draw(rng);
  // Information-only documents sometimes carry a deadline nobody tracks as a task. A task's
  // document gets its deadline from buildTask.
  const infoDeadline = !forTask && rng.chance(0.08) ? cal.add(day, rng.int(5, 15)) : null;

  let number = '';
  let subject = '';
  let topic = '';
  let issuerShort = '';
  if (c.text) {
    const issuer = incomingIssuer(c, c.text.rng, unit, legal);
    issuerShort = issuer.short;
    number = issuer.number(c.text.rng, type, date, legal);
    ({ subject, topic } = subjectFor(c.text.rng, type, c.text.vars, legal, secret !== null));
  }
  const record: DocumentRecord = {
    id: `den-${c.i}`,
    direction: 'incoming',
    number,
    type,
    subject,
    legalNormative: legal,
    confidentiality: secret ?? 'normal',
    urgency,
    date: ctx.fmt.day(date),
    receivedAt: ctx.fmt.stamp(receivedAt),
    issuedAt: null,
    deadline: infoDeadline === null ? null : ctx.fmt.day(infoDeadline),
    channel,
    signatures: null,
    unitId: unit.id,
  };
  return { record, receivedAt, urgency, secret: secret !== null, issuerShort, topic };
}

interface OutgoingKind {
  secret: Confidentiality | null;
  legal: boolean;
  /** The incoming document answered, if any. */
  reply: Incoming | null;
  /** Issued on the unit's own initiative rather than as a task's result. */
  own: boolean;
}

function outgoingDocument(
  c: CaseScope,
  id: string,
  unit: OrgUnit,
  issuedAt: Stamp,
  kind: OutgoingKind,
): DocumentRecord {
  const { ctx, rng } = c;
  const secret = kind.secret;
  const channel: Channel = secret
    ? rng.chance(0.8)
      ? 'paper'
      : 'electronic'
    : rng.chance(0.03)
      ? 'paper'
      : 'electronic';
  // A paper original carries handwritten signatures only; a few electronic ones miss one.
  let signatures = { agency: true, signer: true };
  if (channel === 'paper') signatures = { agency: false, signer: false };
  else if (rng.chance(0.02)) {
    const which = rng.weighted([40, 40, 20]);
    signatures = { agency: which === 1, signer: which === 0 };
  }
  const type: DocType = kind.legal
    ? 'Quyết định'
    : (kind.own ? TYPES_OUTGOING_OWN : TYPES_OUTGOING_REPLY).draw(rng);
  const urgency: Urgency =
    kind.reply && kind.reply.urgency !== 'normal' && rng.chance(0.6) ? kind.reply.urgency : 'normal';
  const day = dayOfStamp(issuedAt);

  let number = '';
  let subject = '';
  if (c.text) {
    const { rng: tx, vars } = c.text;
    const dept = unit.dept;
    if (kind.legal) {
      // The department drafts a legal normative decision; the provincial committee issues it.
      number = `${runningNumber(tx, day, 0.12)}/${ymd(day).year}/QĐ-UBND`;
      subject = fill(tx.pick(LEGAL_SUBJECTS), vars);
    } else {
      // Running numbers per department and type (Công văn about 60 % of them).
      const perDay = c.outgoingPerDay * dept.caseShare * (type === 'Công văn' ? 0.6 : 0.1);
      number =
        type === 'Công văn'
          ? `${runningNumber(tx, day, perDay)}/${dept.abbr}-${unit.isLeadership ? 'VP' : unit.code}`
          : `${runningNumber(tx, day, perDay)}/${TYPE_NOTATION[type]}-${dept.abbr}`;
      const replyTopic = kind.reply ? kind.reply.topic : '';
      subject =
        type === 'Công văn' && replyTopic && !replyTopic.startsWith('ban hành') && tx.chance(0.6)
          ? `V/v ${replyTopic}`
          : subjectFor(tx, type, vars, false, secret !== null).subject;
    }
  }
  return {
    id,
    direction: 'outgoing',
    number,
    type,
    subject,
    legalNormative: kind.legal,
    confidentiality: secret ?? 'normal',
    urgency,
    date: ctx.fmt.day(day),
    receivedAt: null,
    issuedAt: ctx.fmt.stamp(issuedAt),
    deadline: null,
    channel,
    signatures,
    unitId: unit.id,
  };
}

function pickWorker(rng: Rng, unit: OrgUnit, not: OrgPerson | null): OrgPerson {
  if (!unit.workers) return unit.head;
  for (let attempt = 0; attempt < 3; attempt++) {
    const p = unit.workers.draw(rng);
    if (p !== not) return p;
  }
  return unit.workers.draw(rng);
}

/** What a task's drafts need to know about it. */
interface TaskFacts {
  /** Arrival date (DOMAIN.md §3.4). */
  R: Day;
  assignedAt: Stamp;
  unit: OrgUnit;
  assignee: OrgPerson | null;
  /** The deadline the drafts work towards: the task's (after extensions) or its plan's target. */
  D: Day | null;
  legalDrafting: boolean;
  /** Nothing after this happens: the export instant, or the cancellation. */
  limit: Stamp;
  cancelled: boolean;
  incoming: Incoming | null;
}

function buildTask(c: CaseScope, day: Day, unit: OrgUnit, incoming: Incoming | null): void {
  const { ctx, cal, rng } = c;
  const R = day;
  const urgency = incoming?.urgency ?? 'normal';
  // Registered and assigned the day it arrives, or the next working day (Decree 30/2020).
  const assignDay = incoming === null || urgency !== 'normal' || rng.chance(0.65) ? R : cal.add(R, 1);
  const assignedAt = eventOn(cal, rng, assignDay, incoming ? incoming.receivedAt : null);
  if (assignedAt > ctx.horizon) return;
  const assignerRoll = rng.float();
  const assignerId =
    assignerRoll < 0.06
      ? rng.pick(PROVINCIAL_LEADERS)
      : assignerRoll < 0.35
        ? unit.dept.leaderId
        : unit.supervisorId;
  const assignee = rng.chance(0.02) ? null : pickWorker(rng, unit, null);
  const responsible = assignee ?? unit.head;
  const legalDrafting =
    incoming !== null && !incoming.record.legalNormative && !incoming.secret && rng.chance(0.04);

  // The deadline: on the document, on the task, both, or neither (DOMAIN.md §3.0).
  const noDeadline = rng.chance(incoming === null ? 0.3 : 0.13);
  let docDeadline: Day | null = null;
  let taskDeadline: Day | null = null;
  if (!noDeadline) {
    const term = rng.chance(0.05) ? rng.int(1, 2) : rng.chance(0.03) ? 3 : rng.pick(TERMS_URGENT[urgency]);
    const D0 = cal.add(R, term);
    const v = rng.float();
    if (incoming === null || (v >= 0.87 && v < 0.95)) taskDeadline = D0;
    else if (v < 0.75) docDeadline = taskDeadline = D0;
    else if (v < 0.87) {
      docDeadline = D0;
      // The leadership often sets an internal deadline a day or two before the document's.
      taskDeadline = term >= 6 ? cal.sub(D0, rng.int(1, 2)) : D0;
    } else docDeadline = D0;
  }
  if (incoming) incoming.record.deadline = docDeadline === null ? null : ctx.fmt.day(docDeadline);

  const cancelled = rng.chance(0.01);
  const cancelAt = cancelled ? eventOn(cal, rng, cal.add(assignDay, rng.int(1, 8)), assignedAt) : null;
  const limit = Math.min(ctx.horizon, cancelAt ?? Infinity);

  // Extensions (gia hạn): usually asked before the deadline, sometimes granted after it passed.
  const changes: { deadline: Day; at: Stamp }[] = [];
  const baseDeadline = taskDeadline ?? docDeadline;
  if (baseDeadline !== null && rng.chance(0.06)) {
    let current = baseDeadline;
    let previous = assignedAt;
    const count = rng.chance(0.1) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const fromDay = dayOfStamp(previous);
      const room = cal.between(fromDay, current);
      const atDay =
        rng.chance(0.8) && room > 0
          ? cal.add(fromDay, rng.int(1, room))
          : cal.add(Math.max(current, fromDay), rng.int(1, 5));
      const at = eventOn(cal, rng, atDay, previous);
      current = cal.add(Math.max(current, dayOfStamp(at)), rng.int(3, 10));
      changes.push({ deadline: current, at });
      previous = at;
    }
  }
  const finalDeadline = changes.length > 0 ? changes[changes.length - 1].deadline : baseDeadline;

  // A task without a deadline owes a plan within 3 working days (DOMAIN.md §3.1).
  let plan: { reportedAt: Stamp; targetDate: Day } | null = null;
  if (noDeadline) {
    const due = cal.add(assignDay, 3);
    const never = Math.min(0.5, 0.15 * Math.sqrt(responsible.laxity));
    const late = Math.min(0.6, 0.23 * responsible.laxity);
    const roll = rng.float();
    if (roll >= never) {
      const reportDay =
        roll < never + late
          ? cal.add(due, LATE_DAYS.draw(rng))
          : cal.add(assignDay, rng.pick([0, 1, 2, 2, 3, 3, 3]));
      const reportedAt = eventOn(cal, rng, reportDay, assignedAt);
      plan = { reportedAt, targetDate: cal.add(dayOfStamp(reportedAt), rng.int(5, 20)) };
    }
  }

  const facts: TaskFacts = {
    R,
    assignedAt,
    unit,
    assignee,
    D: finalDeadline ?? plan?.targetDate ?? null,
    legalDrafting,
    limit,
    cancelled,
    incoming,
  };
  const draftCount = DRAFTS_PER_TASK.draw(rng);
  const issued: Stamp[] = [];
  for (let k = 1; k <= draftCount; k++) {
    const issuedAt = buildDraft(c, k, facts);
    if (issuedAt !== null) issued.push(issuedAt);
  }

  let completedAt: Stamp | null = null;
  if (!cancelled) {
    if (draftCount > 0) {
      if (issued.length === draftCount) completedAt = Math.max(...issued);
    } else if (rng.chance(0.85)) {
      // Handled without a written answer: done around the deadline.
      const target = facts.D ?? cal.add(assignDay, rng.int(3, 10));
      const doneDay = rng.chance(0.85 / responsible.laxity)
        ? cal.sub(target, rng.int(1, 2))
        : cal.add(target, LATE_DAYS.draw(rng));
      completedAt = eventOn(cal, rng, Math.max(doneDay, assignDay), assignedAt);
    }
  }

  let title = '';
  if (c.text) {
    const { rng: tx, vars } = c.text;
    if (incoming) {
      const type = incoming.record.type as DocType;
      const verb = legalDrafting
        ? 'Tham mưu xây dựng dự thảo văn bản quy phạm pháp luật theo'
        : tx.pick(TASK_VERBS[type]);
      const dated = formatDayVi(parseDay(incoming.record.date)!);
      title = `${verb} ${type} số ${incoming.record.number} ngày ${dated} của ${incoming.issuerShort}`;
    } else {
      title = fill(tx.pick(DIRECT_TASK_TITLES), vars);
    }
  }
  const fmt = ctx.fmt;
  c.out.task = {
    id: `nv-${c.i}`,
    documentId: incoming ? incoming.record.id : null,
    title,
    assignerId,
    unitId: unit.id,
    assigneeId: assignee ? assignee.id : null,
    assignedAt: fmt.stamp(assignedAt),
    deadline: taskDeadline === null ? null : fmt.day(taskDeadline),
    deadlineChanges: changes
      .filter((ch) => ch.at <= limit)
      .map((ch) => ({ deadline: fmt.day(ch.deadline), at: fmt.stamp(ch.at) })),
    plan:
      plan && plan.reportedAt <= limit
        ? { reportedAt: fmt.stamp(plan.reportedAt), targetDate: fmt.day(plan.targetDate) }
        : null,
    completedAt: completedAt !== null && completedAt <= ctx.horizon ? fmt.stamp(completedAt) : null,
    cancelledAt: cancelAt !== null && cancelAt <= ctx.horizon ? fmt.stamp(cancelAt) : null,
  };
}

/**
 * Draft `k` of a task: submitted to the unit, then to the leadership, reviewed, issued. Returns
 * the issue time, or null when the draft is not issued (yet) as of the export.
 */
function buildDraft(c: CaseScope, k: number, task: TaskFacts): Stamp | null {
  const { cal, rng } = c;
  const { R, D, assignedAt, assignee, legalDrafting } = task;
  // Now and then another unit of the department drafts its part (phối hợp).
  const siblings = task.unit.dept.units;
  const unit =
    siblings.length > 1 && rng.chance(0.03) ? rng.pick(siblings.filter((u) => u !== task.unit)) : task.unit;
  const drafter = k === 1 && assignee && unit === task.unit ? assignee : pickWorker(rng, unit, assignee);
  const assignDay = dayOfStamp(assignedAt);
  const legalFlag: boolean | null = legalDrafting ? true : rng.chance(0.1) ? null : false;

  // The unit's own deadline for the drafter, when it sets one.
  let unitDeadline: Day | null = null;
  if (D !== null && rng.chance(0.1))
    unitDeadline = Math.max(assignDay, cal.sub(cal.sub(D, 2), rng.int(1, 2)));
  else if (D === null && rng.chance(0.2)) unitDeadline = cal.add(assignDay, rng.int(3, 8));

  // What the drafter and the unit aim at (DOMAIN.md §3.2–3.4), so that lateness is measured the
  // way the rules will measure it.
  const earliest = cal.add(R, 1);
  let staffDue: Day;
  let unitDue: Day | null = null;
  if (D !== null) {
    const tight = cal.sub(cal.sub(D, 2), 1) < earliest;
    unitDue = tight ? Math.min(earliest, D) : cal.sub(D, 2);
    staffDue = tight ? unitDue : Math.max(cal.sub(unitDeadline ?? unitDue, 1), earliest);
  } else if (unitDeadline !== null) {
    staffDue = Math.max(cal.sub(unitDeadline, 1), earliest);
  } else {
    staffDue = cal.add(assignDay, rng.int(2, 10));
  }
  staffDue = Math.max(staffDue, assignDay);

  const keep = (s: Stamp | null): Stamp | null => (s !== null && s <= task.limit ? s : null);
  let toUnit: Stamp | null = null;
  let toLeadership: Stamp | null = null;
  const rounds: { at: Stamp; reviewerId: string }[] = [];
  let issuedAt: Stamp | null = null;

  const staffRoll = rng.float();
  const never = 0.02 * drafter.laxity;
  const lateP = (D !== null && unitDue === staffDue ? 0.15 : 0.08) * drafter.laxity;
  if (staffRoll >= never) {
    const staffLate = staffRoll < never + lateP;
    const staffDay = staffLate
      ? cal.add(staffDue, LATE_DAYS.draw(rng))
      : Math.max(assignDay, lastMinute(cal, staffDue, rng));
    toUnit = keep(eventOn(cal, rng, staffDay, assignedAt));
    if (toUnit !== null && !rng.chance(0.01)) {
      // The unit head reads it and passes it up; a late drafter makes a late unit.
      const sDay = dayOfStamp(toUnit);
      let unitDay: Day;
      if (unitDue !== null && !staffLate && sDay <= unitDue) {
        unitDay = rng.chance(0.05 * unit.laxity)
          ? cal.add(unitDue, LATE_DAYS.draw(rng))
          : Math.min(unitDue, cal.add(sDay, rng.pick([0, 1, 1, 1, 2])));
        unitDay = Math.max(unitDay, sDay);
      } else {
        const gap = rng.pick([0, 0, 1, 1, 2, 3]);
        unitDay = gap === 0 ? sDay : cal.add(sDay, gap);
      }
      toLeadership = keep(eventOn(cal, rng, unitDay, toUnit));
    }
  }

  if (toLeadership !== null) {
    const count = (legalDrafting ? REVIEW_ROUNDS_LEGAL : REVIEW_ROUNDS_NORMAL).draw(rng);
    let previous = toLeadership;
    for (let r = 0; r < count; r++) {
      const wait = r === 0 ? rng.pick([0, 0, 1, 1, 1, 2]) : rng.int(1, 3);
      const at = keep(eventOn(cal, rng, cal.add(dayOfStamp(previous), wait), previous));
      if (at === null) break;
      const reviewerId =
        legalDrafting && rng.chance(0.3)
          ? rng.pick(PROVINCIAL_LEADERS)
          : rng.chance(0.75)
            ? unit.supervisorId
            : unit.dept.leaderId;
      rounds.push({ at, reviewerId });
      previous = at;
    }
    // Most finished drafts are issued; a few stay as internal working papers.
    if (!task.cancelled && rounds.length === count && rng.chance(0.93)) {
      const wait = rng.pick([0, 0, 1, 1, 2]);
      issuedAt = keep(eventOn(cal, rng, cal.add(dayOfStamp(previous), wait), previous));
    }
  }

  let outgoingId: string | null = null;
  if (issuedAt !== null) {
    outgoingId = `di-${c.i}-${k}`;
    const incoming = task.incoming;
    // A reply to a secret is as secret as what it answers.
    const secret = incoming && incoming.secret ? incoming.record.confidentiality : null;
    c.out.documents.push(
      outgoingDocument(c, outgoingId, unit, issuedAt, {
        secret,
        legal: legalDrafting,
        reply: incoming,
        own: false,
      }),
    );
  }

  const fmt = c.ctx.fmt;
  c.out.drafts.push({
    id: `dt-${c.i}-${k}`,
    taskId: `nv-${c.i}`,
    drafterId: drafter.id,
    unitId: unit.id,
    legalNormative: legalFlag,
    unitDeadline: unitDeadline === null ? null : fmt.day(unitDeadline),
    submittedToUnitAt: toUnit === null ? null : fmt.stamp(toUnit),
    submittedToLeadershipAt: toLeadership === null ? null : fmt.stamp(toLeadership),
    reviewRounds: rounds.map((r) => ({ at: fmt.stamp(r.at), reviewerId: r.reviewerId })),
    issuedAt: issuedAt === null ? null : fmt.stamp(issuedAt),
    outgoingDocumentId: outgoingId,
  });
  return issuedAt;
}

/** A day on or shortly before `due`, weighted towards `due`: most people finish at the last moment. */
function lastMinute(cal: WorkCalendar, due: Day, rng: Rng): Day {
  const back = rng.weighted([55, 25, 12, 8]);
  return back === 0 ? due : cal.sub(due, back === 3 ? rng.int(3, 5) : back);
}

/**
 * How many cases make `targetRecords`: the fixed sections are counted exactly, then one trial
 * count at a first guess corrects the records-per-case ratio (it varies little with the count).
 */
function calibrateCaseCount(ctx: Context): number {
  let fixed = ctx.units.length + ctx.people.length;
  for (const _ of weeklySchedules(ctx)) fixed++;
  for (const _ of mailboxObservations(ctx)) fixed++;
  const budget = ctx.targetRecords - fixed;
  if (budget <= 0) return 0;
  const guess = Math.max(1, Math.round(budget / 2.9));
  let records = 0;
  for (let i = 1; i <= guess; i++) {
    const c = buildCase(ctx, i, guess, false);
    records += c.documents.length + (c.task ? 1 : 0) + c.drafts.length;
  }
  return records === 0 ? guess : Math.max(1, Math.round((guess * budget) / records));
}

// ---------------------------------------------------------------------------------------------
// Weekly schedules and mailbox observations
// ---------------------------------------------------------------------------------------------

/**
 * Every unit's weekly work schedule for every ISO week whose due day (the last working day
 * before it, DOMAIN.md §3.9) lies in the period: mostly on Friday afternoon, some early, some
 * on Saturday or on the Monday itself, a few never.
 */
function* weeklySchedules(ctx: Context): Generator<WeeklyScheduleRecord> {
  const cal = ctx.cal;
  const firstMonday = ctx.from - isoWeekday(ctx.from) + 1;
  for (let monday = firstMonday; monday <= ctx.to + 7; monday += 7) {
    if (cal.between(monday - 1, monday + 6) === 0) continue; // Tết week: nothing to plan
    const due = cal.sub(monday, 1);
    if (due < ctx.from || due > ctx.to) continue;
    const week = formatIsoWeek(isoWeekOf(monday));
    for (const unit of ctx.units) {
      const rng = rngFor(ctx.seedHash, Stream.Schedule, unit.index, monday - firstMonday);
      const missing = 0.012 * unit.laxity;
      const late = 0.08 * unit.laxity;
      const roll = rng.float();
      if (roll < missing) continue;
      let at: Stamp;
      if (roll < missing + late) {
        const how = rng.weighted([45, 40, 15]);
        const saturday = due + 1;
        if (how === 0 && !cal.isWorking(saturday) && isoWeekday(saturday) === 6) {
          at = clockStamp(saturday, rng.int(8 * 60, 11 * 60), rng.int(0, 59));
        } else if (how <= 1) {
          at = clockStamp(cal.add(due, 1), rng.int(7 * 60 + 30, 10 * 60), rng.int(0, 59));
        } else {
          at = eventOn(cal, rng, cal.add(due, rng.int(2, 3)), null);
        }
      } else if (roll < missing + late + 0.06 && cal.sub(due, 1) >= ctx.from) {
        at = clockStamp(cal.sub(due, 1), rng.int(14 * 60, 17 * 60 - 1), rng.int(0, 59));
      } else {
        const minute = rng.chance(0.7) ? rng.int(13 * 60 + 30, 17 * 60 - 1) : rng.int(8 * 60, 11 * 60 + 29);
        at = clockStamp(due, minute, rng.int(0, 59));
      }
      if (at > ctx.horizon) continue;
      yield { unitId: unit.id, week, publishedAt: ctx.fmt.stamp(at) };
    }
  }
}

/**
 * What the mail server reported each month: the last activity of every official mailbox. Regular
 * users show up every month near its end; sporadic ones now and then; a few accounts were
 * created and never used; personal addresses are not on the server at all.
 */
function* mailboxObservations(ctx: Context): Generator<MailboxRecord> {
  const cal = ctx.cal;
  for (const person of ctx.people) {
    const address = person.officialAddress;
    if (address === null) continue;
    if (person.mailUse === 'never') {
      yield { personId: person.id, address, lastActiveAt: null };
      continue;
    }
    const rng = rngFor(ctx.seedHash, Stream.Mailbox, person.index);
    const p = person.mailUse === 'regular' ? 0.97 : 0.35;
    for (let m = 0; m < ctx.months.length; m++) {
      if (person.leftAfterMonth !== null && m > person.leftAfterMonth) break;
      if (!rng.chance(p)) continue;
      const { first, last } = ctx.months[m];
      const days = cal.workdaysIn(first, last);
      if (days.length === 0) continue;
      const pool = person.mailUse === 'regular' ? days.slice(-Math.min(8, days.length)) : days;
      const at = eventOn(cal, rng, rng.pick(pool), null);
      if (at > ctx.horizon) continue;
      yield { personId: person.id, address, lastActiveAt: ctx.fmt.stamp(at) };
    }
  }
}
