/**
 * `config/reminders.json`: the reminder policy per rule, the slot time, office hours, the sender
 * and leadership's designated address, the retry policy. Validated once; a mistake names the file,
 * the entry and the reason. Without the file, the defaults below (the same as the shipped file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipient } from '../domain/recipient.js';
import { mailbox } from '../domain/recipient.js';
import type {
  CcRole,
  RemindableRule,
  ReminderPolicy,
  Stage,
  StagePolicy,
  ToRole,
} from '../domain/reminders/reminder-policy.js';
import { REMINDABLE_RULES, STAGES } from '../domain/reminders/reminder-policy.js';
import { RULES } from '../domain/rules/obligation.js';
import type { Lang } from '../i18n/lang.js';
import { parseLang } from '../i18n/lang.js';
import type { RetryPolicy } from '../infra/mail/mailer.port.js';
import { DEFAULT_RETRY } from '../infra/mail/mailer.port.js';
import { ConfigError } from './domain-config.loader.js';

export interface ReminderSettings {
  policy: ReminderPolicy;
  /**
   * The weekly digests' local time (`digestTime`, 07:30 as shipped), minutes after midnight: they
   * go out then on the first working day of a week, and their scheduler fires then.
   */
  digestMinutes: number;
  /** The From of every message: a mailbox, nobody's own. */
  sender: Recipient;
  /** null: the language of `dunghan.json`. */
  language: Lang | null;
  sendConcurrency: number;
  retry: RetryPolicy;
}

export const REMINDERS_FILE = 'reminders.json';

const standard = (cc: CcRole[]): StagePolicy[] => [
  { stage: 'before', workingDays: 1, to: 'responsible', cc: [] },
  { stage: 'due', workingDays: 0, to: 'responsible', cc: [] },
  { stage: 'escalation', workingDays: 1, to: 'responsible', cc },
];

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  policy: {
    slotMinutes: 8 * 60,
    officeHours: { startMinutes: 7 * 60, endMinutes: 17 * 60 + 30 },
    leadership: mailbox('Lãnh đạo Sở', 'lanhdaoso@hanam.gov.vn'),
    rules: {
      plan: standard(['unit_head']),
      staff_submission: standard(['unit_head']),
      unit_submission: standard(['unit_head', 'leadership']),
      weekly_schedule: standard([]).map((s) => ({ ...s, to: 'unit_head' as const })),
    },
  },
  digestMinutes: 7 * 60 + 30,
  sender: mailbox('Đúng hạn', 'dunghan@hanam.gov.vn'),
  language: null,
  sendConcurrency: 20,
  retry: DEFAULT_RETRY,
};

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

class Reader {
  constructor(readonly file: string) {}

  fail(path: string, reason: string): never {
    throw new ConfigError(this.file, path, reason);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'must be an object');
    return value as Record<string, unknown>;
  }

  time(value: unknown, path: string): number {
    const m = typeof value === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) : null;
    if (m === null) this.fail(path, 'must be a local time HH:MM, e.g. 08:00');
    return Number(m[1]) * 60 + Number(m[2]);
  }

  int(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  address(value: unknown, path: string): Recipient {
    const raw = this.object(value, path);
    if (typeof raw.address !== 'string' || !ADDRESS.test(raw.address)) {
      this.fail(`${path}.address`, 'must be a mail address such as dunghan@hanam.gov.vn');
    }
    if (
      raw.name !== undefined &&
      raw.name !== null &&
      (typeof raw.name !== 'string' || raw.name.trim() === '')
    ) {
      this.fail(`${path}.name`, 'must be a non-empty name or null');
    }
    return mailbox(typeof raw.name === 'string' ? raw.name.trim() : null, raw.address);
  }

  stages(value: unknown, path: string): StagePolicy[] {
    if (!Array.isArray(value)) this.fail(path, 'must be a list of stages');
    const seen = new Set<Stage>();
    return value.map((entry, i) => {
      const at = `${path}[${i}]`;
      const raw = this.object(entry, at);
      const stage = raw.stage as Stage;
      if (!STAGES.includes(stage)) this.fail(`${at}.stage`, `must be one of ${STAGES.join(', ')}`);
      // The key (obligation, stage, due date) is what makes a reminder happen once.
      if (seen.has(stage)) this.fail(`${at}.stage`, `${stage} is given twice; one per stage`);
      seen.add(stage);
      let workingDays = 0;
      if (stage === 'due') {
        if (raw.workingDays !== undefined && raw.workingDays !== 0) {
          this.fail(`${at}.workingDays`, 'must be 0 (or left out) for the due stage');
        }
      } else workingDays = this.int(raw.workingDays ?? 1, `${at}.workingDays`, 1, 10);
      const to = (raw.to ?? 'responsible') as ToRole;
      if (to !== 'responsible' && to !== 'unit_head')
        this.fail(`${at}.to`, 'must be responsible or unit_head');
      const ccRaw = raw.cc ?? [];
      if (!Array.isArray(ccRaw)) this.fail(`${at}.cc`, 'must be a list');
      const cc = ccRaw.map((c, j) => {
        if (c !== 'unit_head' && c !== 'leadership')
          this.fail(`${at}.cc[${j}]`, 'must be unit_head or leadership');
        return c as CcRole;
      });
      return { stage, workingDays, to, cc };
    });
  }
}

export function parseReminderSettings(json: unknown, file: string): ReminderSettings {
  const r = new Reader(file);
  const raw = r.object(json, '$');
  const d = DEFAULT_REMINDER_SETTINGS;
  const slotMinutes = raw.slotTime === undefined ? d.policy.slotMinutes : r.time(raw.slotTime, 'slotTime');
  let officeHours = d.policy.officeHours;
  if (raw.officeHours !== undefined) {
    const oh = r.object(raw.officeHours, 'officeHours');
    officeHours = {
      startMinutes: r.time(oh.start, 'officeHours.start'),
      endMinutes: r.time(oh.end, 'officeHours.end'),
    };
    if (officeHours.endMinutes <= officeHours.startMinutes) r.fail('officeHours', 'end must be after start');
  }
  if (slotMinutes < officeHours.startMinutes || slotMinutes >= officeHours.endMinutes) {
    r.fail('slotTime', 'must lie inside officeHours');
  }
  const digestMinutes = raw.digestTime === undefined ? d.digestMinutes : r.time(raw.digestTime, 'digestTime');
  const sender = raw.sender === undefined ? d.sender : r.address(raw.sender, 'sender');
  const leadership =
    raw.leadership === undefined
      ? d.policy.leadership
      : raw.leadership === null
        ? null
        : r.address(raw.leadership, 'leadership');
  let language: Lang | null = null;
  if (raw.language !== undefined && raw.language !== null) {
    language = parseLang(String(raw.language));
    if (language === null) r.fail('language', 'must be vi, en or null');
  }
  const sendConcurrency =
    raw.sendConcurrency === undefined
      ? d.sendConcurrency
      : r.int(raw.sendConcurrency, 'sendConcurrency', 1, 200);
  let retry = d.retry;
  if (raw.retry !== undefined) {
    const rr = r.object(raw.retry, 'retry');
    retry = {
      retries: r.int(rr.retries ?? d.retry.retries, 'retry.retries', 0, 50),
      minTimeoutMs: r.int(rr.minTimeoutMs ?? d.retry.minTimeoutMs, 'retry.minTimeoutMs', 0, 3_600_000),
      maxTimeoutMs: r.int(rr.maxTimeoutMs ?? d.retry.maxTimeoutMs, 'retry.maxTimeoutMs', 0, 3_600_000),
      factor:
        rr.factor === undefined
          ? d.retry.factor
          : typeof rr.factor === 'number' && rr.factor >= 1 && rr.factor <= 10
            ? rr.factor
            : r.fail('retry.factor', 'must be a number from 1 to 10'),
    };
    if (retry.maxTimeoutMs < retry.minTimeoutMs)
      r.fail('retry.maxTimeoutMs', 'must not be below minTimeoutMs');
  }
  let rules = d.policy.rules;
  if (raw.rules !== undefined) {
    const rr = r.object(raw.rules, 'rules');
    rules = {};
    for (const [rule, stages] of Object.entries(rr)) {
      if (!(REMINDABLE_RULES as readonly string[]).includes(rule)) {
        r.fail(
          `rules.${rule}`,
          (RULES as readonly string[]).includes(rule)
            ? 'has no due date, so it cannot be reminded'
            : `is not a rule (rules with a due date: ${REMINDABLE_RULES.join(', ')})`,
        );
      }
      rules[rule as RemindableRule] = r.stages(stages, `rules.${rule}`);
    }
  }
  return {
    policy: { slotMinutes, officeHours, leadership, rules },
    digestMinutes,
    sender,
    language,
    sendConcurrency,
    retry,
  };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, '$', `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, '$', `is not valid JSON (${(e as Error).message})`);
  }
}

export function loadReminderSettings(configDir: string): ReminderSettings {
  const file = join(configDir, REMINDERS_FILE);
  return existsSync(file) ? parseReminderSettings(readJson(file), file) : DEFAULT_REMINDER_SETTINGS;
}
