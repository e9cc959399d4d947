/**
 * One line on why a due date is what it is, from the obligation's `details` (the D, U, S, R the
 * rules recorded) and the working calendar's exceptions in between, with the holidays named:
 * "2 ngày làm việc trước hạn 06/05, trừ nghỉ lễ 30/4–2/5 (Ngày Chiến thắng 30/4; …)". A reader
 * can redo the arithmetic from it without opening the product.
 */
import type { DayInfo, WorkingCalendar } from '../domain/calendar/calendar.js';
import type { Details, RuleId } from '../domain/rules/obligation.js';
import type { Day } from '../domain/time.js';
import { isoWeekday, parseDay, ymd } from '../domain/time.js';
import type { Lang } from '../i18n/lang.js';

export interface ExplainInput {
  rule: RuleId;
  dueDate: Day;
  tight: boolean;
  details: Details;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** `06/05`: the due dates, as the issue writes them. */
export function dayMonth(day: Day): string {
  const { month, day: d } = ymd(day);
  return `${pad2(d)}/${pad2(month)}`;
}

/** `30/4`: the holiday ranges, as Vietnamese announcements write them. */
function shortDayMonth(day: Day): string {
  const { month, day: d } = ymd(day);
  return `${d}/${month}`;
}

const WEEKDAY_VI = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];
const WEEKDAY_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function weekdayName(day: Day, lang: Lang): string {
  return (lang === 'vi' ? WEEKDAY_VI : WEEKDAY_EN)[isoWeekday(day)];
}

function detailDay(details: Details, key: string): Day | null {
  const value = details[key];
  return typeof value === 'string' ? parseDay(value) : null;
}

/** "Tết Nguyên đán (mùng 3 Tết)" → "Tết Nguyên đán"; "Hoán đổi ngày làm việc: nghỉ …" → "Hoán đổi ngày làm việc". */
function holidayName(info: DayInfo, lang: Lang): string {
  const reason = (lang === 'en' ? (info.reasonEn ?? info.reason) : info.reason) ?? '';
  const name = reason.split(lang === 'en' ? /[:(,]/ : /[:(]/)[0].trim();
  const unconfirmed = info.confirmed ? '' : lang === 'vi' ? ' — chưa xác nhận' : ' — unconfirmed';
  return (name === '' ? (lang === 'vi' ? 'ngày nghỉ' : 'day off') : name) + unconfirmed;
}

/**
 * The days off (grouped into runs: days off with no working day between them) and the make-up
 * days in [from, to], as a clause: "trừ nghỉ lễ 30/4–2/5 (…), tính cả thứ Bảy 4/5 làm bù".
 */
export function exceptionsClause(from: Day, to: Day, calendar: WorkingCalendar, lang: Lang): string {
  if (to < from) return '';
  const exceptions = calendar.exceptionsBetween(from, to);
  const runs: DayInfo[][] = [];
  const makeups: DayInfo[] = [];
  for (const info of exceptions) {
    if (info.kind === 'makeup') {
      makeups.push(info);
      continue;
    }
    if (info.working) continue;
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    // Days off separated only by a weekend are one break (Tết: Thu–Fri, Sat–Sun, Mon–Wed).
    if (last !== undefined && calendar.nextWorkingDayOnOrAfter(last.day + 1) >= info.day) run.push(info);
    else runs.push([info]);
  }
  const parts: string[] = [];
  if (runs.length > 0) {
    const text = runs.map((run) => {
      const first = run[0].day;
      const last = run[run.length - 1].day;
      const range = first === last ? shortDayMonth(first) : `${shortDayMonth(first)}–${shortDayMonth(last)}`;
      const names = [...new Set(run.map((d) => holidayName(d, lang)))].join('; ');
      return `${range} (${names})`;
    });
    parts.push(
      (lang === 'vi' ? 'trừ nghỉ lễ ' : 'not counting the holidays ') +
        text.join(lang === 'vi' ? ' và ' : ' and '),
    );
  }
  if (makeups.length > 0) {
    const days = makeups.map((d) => `${weekdayName(d.day, lang)} ${shortDayMonth(d.day)}`).join(', ');
    parts.push(lang === 'vi' ? `tính cả ${days} làm bù` : `counting the make-up working day ${days}`);
  }
  return parts.join(', ');
}

function withClause(head: string, clause: string): string {
  return clause === '' ? head : `${head}, ${clause}`;
}

function derivedNote(details: Details, lang: Lang): string {
  const years = details.derivedYears;
  if (!Array.isArray(years) || years.length === 0) return '';
  const list = years.join(', ');
  return lang === 'vi'
    ? ` — lịch nghỉ năm ${list} suy ra theo quy định, chưa có công bố`
    : ` — the ${list} days off are derived from the statutory rules, not announced`;
}

function deadlineNote(details: Details, lang: Lang): string {
  const original = detailDay(details, 'originalDeadline');
  if (details.extended === true && original !== null) {
    return lang === 'vi'
      ? ` (đã gia hạn, hạn cũ ${dayMonth(original)})`
      : ` (extended from ${dayMonth(original)})`;
  }
  if (details.DSource === 'plan') {
    return lang === 'vi' ? ' theo kế hoạch đã báo cáo' : ' from the reported plan';
  }
  return '';
}

/** Counting words follow the configured counting mode (CALENDAR.md): working days or calendar days. */
function days(n: number, calendar: WorkingCalendar, lang: Lang): string {
  if (lang === 'vi') return `${n} ${calendar.mode === 'working' ? 'ngày làm việc' : 'ngày'}`;
  const unit = calendar.mode === 'working' ? 'working day' : 'day';
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function tightLine(due: Day, R: Day, D: Day | null, calendar: WorkingCalendar, lang: Lang): string {
  const capped = D !== null && due === D && D < calendar.after(R, 1);
  const head =
    lang === 'vi'
      ? `hạn gấp: trình ngay ngày làm việc sau ngày văn bản đến ${dayMonth(R)}` +
        (capped ? `, không muộn hơn hạn ${dayMonth(D)}` : '') +
        (D !== null ? ` (hạn ${dayMonth(D)} không đủ thời gian trình trước theo quy định)` : '')
      : `tight deadline: submit on the working day after the document arrived on ${dayMonth(R)}` +
        (capped ? `, no later than the deadline ${dayMonth(D)}` : '') +
        (D !== null ? ` (the deadline ${dayMonth(D)} leaves no room for the normal schedule)` : '');
  return withClause(head, exceptionsClause(R + 1, due - 1, calendar, lang));
}

export function explainDueDate(input: ExplainInput, calendar: WorkingCalendar, lang: Lang): string {
  const { rule, dueDate: due, details } = input;
  let line: string | null = null;
  const D = detailDay(details, 'D');
  const R = detailDay(details, 'R');
  const U = detailDay(details, 'U');
  if (rule === 'plan') {
    const start = detailDay(details, 'assignedOn');
    if (start !== null) {
      const head =
        lang === 'vi'
          ? `${days(3, calendar, lang)} sau ngày nhận nhiệm vụ ${dayMonth(start)} (nhiệm vụ không có thời hạn)`
          : `${days(3, calendar, lang)} after the task was received on ${dayMonth(start)} (it has no deadline)`;
      line = withClause(head, exceptionsClause(start + 1, due, calendar, lang));
    }
  } else if (rule === 'unit_submission') {
    if (input.tight && R !== null) line = tightLine(due, R, D, calendar, lang);
    else if (D !== null) {
      const head =
        lang === 'vi'
          ? `${days(2, calendar, lang)} trước hạn ${dayMonth(D)}${deadlineNote(details, lang)}`
          : `${days(2, calendar, lang)} before the deadline ${dayMonth(D)}${deadlineNote(details, lang)}`;
      line = withClause(head, exceptionsClause(due + 1, D - 1, calendar, lang));
    }
  } else if (rule === 'staff_submission') {
    const unitDeadline = detailDay(details, 'unitDeadline');
    if (input.tight && details.raisedToNextWorkingDay !== true && R !== null) {
      line = tightLine(due, R, D, calendar, lang);
    } else if (details.raisedToNextWorkingDay === true && R !== null) {
      const asked = unitDeadline ?? U;
      const head =
        lang === 'vi'
          ? `ngày làm việc sau ngày văn bản đến ${dayMonth(R)}` +
            (asked !== null ? ` (hạn đơn vị ${dayMonth(asked)} quá sớm để trình trước 1 ngày)` : '')
          : `the working day after the document arrived on ${dayMonth(R)}` +
            (asked !== null
              ? ` (the unit's date ${dayMonth(asked)} is too early to submit a day before)`
              : '');
      line = withClause(head, exceptionsClause(R + 1, due - 1, calendar, lang));
    } else if (unitDeadline !== null) {
      const head =
        lang === 'vi'
          ? `${days(1, calendar, lang)} trước hạn đơn vị yêu cầu ${dayMonth(unitDeadline)}`
          : `${days(1, calendar, lang)} before the unit's own deadline ${dayMonth(unitDeadline)}`;
      line = withClause(head, exceptionsClause(due + 1, unitDeadline - 1, calendar, lang));
    } else if (U !== null && D !== null) {
      const head =
        lang === 'vi'
          ? `${days(1, calendar, lang)} trước hạn đơn vị trình lãnh đạo sở ${dayMonth(U)}, ` +
            `tức ${days(2, calendar, lang)} trước hạn ${dayMonth(D)}${deadlineNote(details, lang)}`
          : `${days(1, calendar, lang)} before the unit submits to leadership on ${dayMonth(U)}, ` +
            `itself ${days(2, calendar, lang)} before the deadline ${dayMonth(D)}${deadlineNote(details, lang)}`;
      line = withClause(head, exceptionsClause(due + 1, D - 1, calendar, lang));
    }
  } else if (rule === 'weekly_schedule') {
    const monday = detailDay(details, 'monday');
    const week = typeof details.week === 'string' ? details.week : null;
    if (monday !== null && week !== null) {
      const head =
        lang === 'vi'
          ? `ngày làm việc cuối cùng trước tuần ${week} (bắt đầu thứ Hai ${dayMonth(monday)})`
          : `the last working day before week ${week} (starting Monday ${dayMonth(monday)})`;
      line = withClause(head, exceptionsClause(due + 1, monday - 1, calendar, lang));
    }
  }
  if (line === null) line = lang === 'vi' ? `hạn ${dayMonth(due)}` : `due ${dayMonth(due)}`;
  return line + derivedNote(details, lang);
}
