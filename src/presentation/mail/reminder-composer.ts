/**
 * The message composer: one message per recipient per slot, holding everything that person must
 * hear about at 08:00 — Vietnamese (English on request), HTML with a plain-text alternative; each
 * item with its document number, title, due date, working days left or late, and the line on why
 * the due date is what it is. Pure: the service sends what this returns.
 */
import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../../domain/calendar/calendar.js';
import type { Day } from '../../domain/time.js';
import { formatDayVi, formatInstant, ymd } from '../../domain/time.js';
import type { Lang } from '../../i18n/lang.js';
import { RULE_LABELS } from '../labels.js';
import { explainDueDate, weekdayName } from '../due-date-explainer.js';
import { escapeHtml } from '../html.js';
import type { Stage } from '../../domain/reminders/reminder-policy.js';
import type { Recipient } from '../../domain/recipient.js';
import { recipientKey } from '../../domain/recipient.js';
import type { ReminderItem } from '../../domain/reminders/reminder-planner.js';
import { itemKey } from '../../domain/reminders/reminder-planner.js';
import type { Slot } from '../../domain/reminders/reminder-slot.js';
import type { MailAddress } from '../../infra/mail/mailer.port.js';

export interface ComposedItem {
  item: ReminderItem;
  /** "số ký hiệu — tiêu đề", what a person recognises the item by. */
  label: string;
  why: string;
}

/** Structurally an `OutgoingMail` (the mail port), plus what the service records. */
export interface ReminderMessage {
  messageId: string;
  recipient: Recipient;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  items: ComposedItem[];
}

export interface ComposeOptions {
  slot: Slot;
  calendar: WorkingCalendar;
  lang: Lang;
  /** PUBLIC_URL, the workspace's address: each item then links to its page. Absent: no links. */
  publicUrl?: string | null;
  /**
   * The task's page in the office system, when its source configures `taskUrl`; null: none.
   * Never asked for an item resting on a confidential document.
   */
  taskUrl?: (task: { id: string; source: string | null }) => string | null;
}

const STAGE_ORDER: Record<Stage, number> = { escalation: 0, due: 1, before: 2 };

const TEXT = {
  vi: {
    product: 'Đúng hạn',
    subject: (date: string, n: number, parts: string) => `Nhắc hạn ngày ${date}: ${n} việc (${parts})`,
    counts: { escalation: 'quá hạn', due: 'đến hạn hôm nay', before: 'sắp đến hạn' } as Record<Stage, string>,
    heading: {
      escalation: 'Quá hạn',
      due: 'Đến hạn hôm nay',
      before: 'Sắp đến hạn',
    } as Record<Stage, string>,
    greeting: (name: string) => `Kính gửi đồng chí ${name},`,
    intro: (when: string) => `Hệ thống Đúng hạn nhắc đồng chí các việc sau (tính đến ${when}):`,
    lateSubject: 'Gửi muộn',
    lateNote: (day: string) =>
      `Thư nhắc này lẽ ra được gửi ngày ${day} nhưng khi đó chưa gửi được (máy chủ thư gặp sự cố); nay gửi muộn. Hạn và số ngày dưới đây tính đến hôm nay.`,
    lateNoteStale: (day: string) =>
      `Thư nhắc này lẽ ra được gửi ngày ${day} nhưng khi đó nguồn dữ liệu chưa đồng bộ được nên chưa đủ dữ liệu để kết luận; nay dữ liệu đã cập nhật và xác nhận việc quá hạn. Hạn và số ngày dưới đây tính đến hôm nay.`,
    task: 'Việc',
    due: 'Hạn',
    why: 'Căn cứ',
    page: 'Xem và xin miễn trừ trên trang việc',
    office: 'Mở nhiệm vụ trên hệ thống quản lý văn bản',
    cc: 'Đồng gửi',
    insteadOf: (name: string) => `Gửi đồng chí thay cho ${name} (không có địa chỉ thư hoặc đã nghỉ)`,
    left: (n: number) => (n === 0 ? 'đến hạn hôm nay' : `còn ${n} ngày làm việc`),
    late: (n: number) => `trễ ${n} ngày làm việc`,
    noTitle: 'không có tiêu đề',
    unnamed: (id: string) => `Việc chưa có tiêu đề và số văn bản trong nguồn dữ liệu (mã ${id})`,
    weekly: (week: string, unit: string | null) => `Lịch công tác tuần ${week}${unit ? ` — ${unit}` : ''}`,
    footer: 'Thư gửi tự động từ hệ thống Đúng hạn. Vui lòng không trả lời thư này.',
    at: (time: string, weekday: string, date: string) => `${time} ${weekday}, ${date}`,
  },
  en: {
    product: 'Đúng hạn',
    subject: (date: string, n: number, parts: string) =>
      `Deadline reminder for ${date}: ${n} item${n === 1 ? '' : 's'} (${parts})`,
    counts: { escalation: 'overdue', due: 'due today', before: 'due soon' } as Record<Stage, string>,
    heading: {
      escalation: 'Overdue',
      due: 'Due today',
      before: 'Due soon',
    } as Record<Stage, string>,
    greeting: (name: string) => `Dear ${name},`,
    intro: (when: string) => `Đúng hạn reminds you of the following (as of ${when}):`,
    lateSubject: 'Sent late',
    lateNote: (day: string) =>
      `This reminder was due to be sent on ${day} but could not be then (the mail server was unavailable); it is sent late. Due dates and days below are counted as of today.`,
    lateNoteStale: (day: string) =>
      `This reminder was due on ${day} but was held back: the data source had not synced, so there was not enough data to conclude. The fresh data now confirms it is overdue. Due dates and days below are counted as of today.`,
    task: 'Obligation',
    due: 'Due',
    why: 'Why this date',
    page: 'See it, or ask for an exemption, on its page',
    office: 'Open the task in the document management system',
    cc: 'Copy to',
    insteadOf: (name: string) => `Sent to you in place of ${name} (no mail address, or no longer active)`,
    left: (n: number) => (n === 0 ? 'due today' : `${n} working day${n === 1 ? '' : 's'} left`),
    late: (n: number) => `${n} working day${n === 1 ? '' : 's'} late`,
    noTitle: 'untitled',
    unnamed: (id: string) => `An item without a title or document number in the source (id ${id})`,
    weekly: (week: string, unit: string | null) => `Weekly schedule ${week}${unit ? ` — ${unit}` : ''}`,
    footer: 'Sent automatically by Đúng hạn. Please do not reply.',
    at: (time: string, weekday: string, date: string) => `${time} ${weekday}, ${date}`,
  },
};

function compact(day: Day): string {
  const { year, month, day: d } = ymd(day);
  return `${year}${month < 10 ? '0' : ''}${month}${d < 10 ? '0' : ''}${d}`;
}

/**
 * The Message-ID of a recipient's message in a slot, from the recipient, the slot and the
 * reminders it carries: the same message sent again (a retry, a re-send after a crash) has the
 * same id, so mail systems can drop the copy; a different message never shares it.
 */
export function reminderMessageId(recipient: Recipient, slot: Slot, keys: string[]): string {
  const hash = createHash('sha256')
    .update(
      `${recipientKey(recipient)}\n${recipient.address.toLowerCase()}\n${slot.at}\n${[...keys].sort().join('\n')}`,
    )
    .digest('hex')
    .slice(0, 24);
  const time = formatInstant(slot.at).slice(11, 16).replace(':', '');
  return `<reminder.${compact(slot.day)}T${time}.${hash}@dunghan>`;
}

export function itemLabel(item: ReminderItem, lang: Lang): string {
  const t = TEXT[lang];
  const c = item.candidate;
  let title = c.title;
  if (title === null && c.rule === 'weekly_schedule' && typeof c.details.week === 'string') {
    title = t.weekly(c.details.week, c.unitName);
  }
  if (c.rule === 'weekly_schedule') return title ?? t.noTitle;
  // The number and the subject a person knows it by; the id only when the source gave no text.
  const named = [c.documentNumber, title].filter((x) => x !== null && x.trim() !== '').join(' — ');
  return named === '' ? t.unnamed(c.obligationId) : named;
}

function dueLine(item: ReminderItem, lang: Lang): string {
  const t = TEXT[lang];
  const when = `${weekdayName(item.dueDate, lang)} ${formatDayVi(item.dueDate)}`;
  const state =
    item.workingDaysLate !== null ? t.late(item.workingDaysLate) : t.left(item.workingDaysLeft ?? 0);
  return `${when} — ${state}`;
}

function addressOf(r: Recipient): MailAddress {
  return r.name === null ? { address: r.address } : { name: r.name, address: r.address };
}

function composeOne(recipient: Recipient, items: ReminderItem[], options: ComposeOptions): ReminderMessage {
  const { slot, calendar, lang } = options;
  const t = TEXT[lang];
  const sorted = [...items].sort(
    (a, b) =>
      STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] ||
      a.dueDate - b.dueDate ||
      (a.obligationId < b.obligationId ? -1 : a.obligationId > b.obligationId ? 1 : 0),
  );
  const composed: ComposedItem[] = sorted.map((item) => ({
    item,
    label: itemLabel(item, lang),
    why: explainDueDate(
      {
        rule: item.rule,
        dueDate: item.dueDate,
        tight: item.candidate.tight,
        details: item.candidate.details,
      },
      calendar,
      lang,
    ),
  }));

  const counts = new Map<Stage, number>();
  for (const c of composed) counts.set(c.item.stage, (counts.get(c.item.stage) ?? 0) + 1);
  const parts = (['escalation', 'due', 'before'] as Stage[])
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${t.counts[s]}`)
    .join(', ');
  const lateDays = items.flatMap((i) => (i.lateFrom === undefined ? [] : [i.lateFrom]));
  const lateFrom = lateDays.length === 0 ? null : Math.min(...lateDays);
  const subject =
    `[${t.product}] ${lateFrom === null ? '' : `(${t.lateSubject}) `}` +
    t.subject(formatDayVi(slot.day), composed.length, parts);

  const cc: Recipient[] = [];
  const seen = new Set([recipient.address.toLowerCase()]);
  for (const c of composed) {
    for (const r of c.item.cc) {
      if (seen.has(r.address.toLowerCase())) continue;
      seen.add(r.address.toLowerCase());
      cc.push(r);
    }
  }

  const time = formatInstant(slot.at).slice(11, 16);
  const when = t.at(time, weekdayName(slot.day, lang), formatDayVi(slot.day));
  const name = recipient.name ?? recipient.address;

  const lateNote =
    lateFrom === null
      ? null
      : (items.some((i) => i.heldFor === 'stale') ? t.lateNoteStale : t.lateNote)(
          `${weekdayName(lateFrom, lang)} ${formatDayVi(lateFrom)}`,
        );
  const text: string[] = [
    t.greeting(name),
    '',
    ...(lateNote === null ? [] : [lateNote, '']),
    t.intro(when),
    '',
  ];
  const html: string[] = [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1a1a1a">',
    `<p>${escapeHtml(t.greeting(name))}</p>`,
    ...(lateNote === null ? [] : [`<p><strong>${escapeHtml(lateNote)}</strong></p>`]),
    `<p>${escapeHtml(t.intro(when))}</p>`,
  ];
  let n = 0;
  for (const stage of ['escalation', 'due', 'before'] as Stage[]) {
    const group = composed.filter((c) => c.item.stage === stage);
    if (group.length === 0) continue;
    text.push(t.heading[stage].toUpperCase());
    html.push(
      `<h3 style="margin:16px 0 6px">${escapeHtml(t.heading[stage])}</h3>`,
      '<ol start="' + (n + 1) + '">',
    );
    for (const c of group) {
      n++;
      const rule = RULE_LABELS[lang][c.item.rule];
      const copy = c.item.cc.map((r) => r.name ?? r.address).join(', ');
      text.push(`${n}. ${c.label}`);
      text.push(`   ${t.task}: ${rule}`);
      text.push(`   ${t.due}: ${dueLine(c.item, lang)}`);
      text.push(`   ${t.why}: ${c.why}`);
      const url =
        options.publicUrl === undefined || options.publicUrl === null
          ? null
          : `${options.publicUrl}/nghia-vu/${encodeURIComponent(c.item.obligationId)}`;
      const candidate = c.item.candidate;
      const office =
        options.taskUrl === undefined || candidate.excluded || !candidate.task
          ? null
          : options.taskUrl(candidate.task);
      if (url !== null) text.push(`   ${t.page}: ${url}`);
      if (office !== null) text.push(`   ${t.office}: ${office}`);
      if (copy !== '') text.push(`   ${t.cc}: ${copy}`);
      if (c.item.insteadOf !== null) text.push(`   ${t.insteadOf(c.item.insteadOf)}`);
      text.push('');
      html.push(
        '<li style="margin-bottom:10px">' +
          `<strong>${escapeHtml(c.label)}</strong><br>` +
          `${escapeHtml(t.task)}: ${escapeHtml(rule)}<br>` +
          `${escapeHtml(t.due)}: <strong>${escapeHtml(dueLine(c.item, lang))}</strong><br>` +
          `${escapeHtml(t.why)}: ${escapeHtml(c.why)}` +
          (url === null && office === null ? '' : '<br>') +
          [
            url === null ? null : `<a href="${escapeHtml(url)}">${escapeHtml(t.page)}</a>`,
            office === null ? null : `<a href="${escapeHtml(office)}">${escapeHtml(t.office)}</a>`,
          ]
            .filter((x) => x !== null)
            .join(' · ') +
          (copy !== '' ? `<br>${escapeHtml(t.cc)}: ${escapeHtml(copy)}` : '') +
          (c.item.insteadOf !== null ? `<br><em>${escapeHtml(t.insteadOf(c.item.insteadOf))}</em>` : '') +
          '</li>',
      );
    }
    html.push('</ol>');
  }
  text.push('--', t.footer, '');
  html.push(`<hr><p style="color:#666;font-size:12px">${escapeHtml(t.footer)}</p>`, '</body></html>', '');

  const keys = composed.map((c) => itemKey(c.item));
  return {
    messageId: reminderMessageId(recipient, slot, keys),
    recipient,
    to: [addressOf(recipient)],
    cc: cc.map(addressOf),
    subject,
    text: text.join('\n'),
    html: html.join('\n'),
    headers: {
      // RFC 3834: an automatic message; auto-responders should stay quiet.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Dunghan-Slot': formatInstant(slot.at),
      'X-Dunghan-Items': String(composed.length),
    },
    items: composed,
  };
}

export interface RecipientGroup {
  recipient: Recipient;
  items: ReminderItem[];
}

/** The reminders of a slot by recipient (one message each), in a stable order: by address. */
export function groupByRecipient(items: ReminderItem[]): RecipientGroup[] {
  const byRecipient = new Map<string, RecipientGroup>();
  for (const item of items) {
    const key = item.to.address.toLowerCase();
    let group = byRecipient.get(key);
    if (group === undefined) byRecipient.set(key, (group = { recipient: item.to, items: [] }));
    group.items.push(item);
  }
  return [...byRecipient.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/** One recipient's message: items in stage (overdue first), then due date order. */
export function composeMessage(group: RecipientGroup, options: ComposeOptions): ReminderMessage {
  return composeOne(group.recipient, group.items, options);
}

/** One message per recipient, in a stable order (by address). */
export function composeReminders(items: ReminderItem[], options: ComposeOptions): ReminderMessage[] {
  return groupByRecipient(items).map((g) => composeOne(g.recipient, g.items, options));
}
