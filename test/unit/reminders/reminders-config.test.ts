import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ConfigError } from '../../../src/config/domain-config.loader.js';
import { parseSmtpUrl } from '../../../src/config/mail.config.js';
import { EnvError } from '../../../src/config/app-config.js';
import {
  DEFAULT_REMINDER_SETTINGS,
  loadReminderSettings,
  parseReminderSettings,
} from '../../../src/config/reminders.loader.js';
import { projectRoot } from '../../../src/config/project-root.js';

describe('config/reminders.json', () => {
  it('the shipped file is the documented default: 08:00, before / due / escalation per timed rule', () => {
    const shipped = loadReminderSettings(join(projectRoot(), 'config'));
    expect(shipped.policy).toEqual(DEFAULT_REMINDER_SETTINGS.policy);
    expect(shipped.policy.slotMinutes).toBe(480);
    expect(shipped.digestMinutes).toBe(450);
    expect(shipped.policy.rules.unit_submission?.find((s) => s.stage === 'escalation')?.cc).toEqual([
      'unit_head',
      'leadership',
    ]);
    expect(shipped.policy.rules.weekly_schedule?.every((s) => s.to === 'unit_head')).toBe(true);
  });

  const bad: { name: string; json: unknown; path: string }[] = [
    { name: 'a slot time that is not HH:MM', json: { slotTime: '8h' }, path: 'slotTime' },
    { name: 'a slot outside office hours', json: { slotTime: '06:00' }, path: 'slotTime' },
    { name: 'a digest time that is not HH:MM', json: { digestTime: '7h30' }, path: 'digestTime' },
    { name: 'a digest time past midnight', json: { digestTime: '24:10' }, path: 'digestTime' },
    {
      name: 'office hours that end before they start',
      json: { officeHours: { start: '17:00', end: '07:00' } },
      path: 'officeHours',
    },
    { name: 'a sender without an address', json: { sender: { name: 'X' } }, path: 'sender.address' },
    {
      name: 'a rule without a due date',
      json: { rules: { document_channel: [] } },
      path: 'rules.document_channel',
    },
    { name: 'an unknown rule', json: { rules: { lunch: [] } }, path: 'rules.lunch' },
    {
      name: 'an unknown stage',
      json: { rules: { plan: [{ stage: 'later' }] } },
      path: 'rules.plan[0].stage',
    },
    {
      name: 'a stage twice (the key obligation+stage+due would collide)',
      json: { rules: { plan: [{ stage: 'before' }, { stage: 'before', workingDays: 2 }] } },
      path: 'rules.plan[1].stage',
    },
    {
      name: 'an offset on the due stage',
      json: { rules: { plan: [{ stage: 'due', workingDays: 1 }] } },
      path: 'rules.plan[0].workingDays',
    },
    {
      name: 'an unknown copy',
      json: { rules: { plan: [{ stage: 'due', cc: ['boss'] }] } },
      path: 'rules.plan[0].cc[0]',
    },
    { name: 'a negative retry count', json: { retry: { retries: -1 } }, path: 'retry.retries' },
  ];
  it.each(bad)('names the entry at fault: $name', ({ json, path }) => {
    expect(() => parseReminderSettings(json, 'reminders.json')).toThrow(ConfigError);
    try {
      parseReminderSettings(json, 'reminders.json');
    } catch (e) {
      expect((e as ConfigError).path).toBe(path);
    }
  });

  it('leadership may be null: that copy is left out', () => {
    expect(parseReminderSettings({ leadership: null }, 'f').policy.leadership).toBeNull();
  });
});

describe('SMTP_URL', () => {
  const rows: { url: string; want: Partial<ReturnType<typeof parseSmtpUrl>> }[] = [
    {
      url: 'smtp://mail.hanam.gov.vn',
      want: { host: 'mail.hanam.gov.vn', port: 587, secure: false, auth: null, rejectUnauthorized: true },
    },
    { url: 'smtps://mail.hanam.gov.vn', want: { port: 465, secure: true } },
    {
      url: 'smtps://dunghan%40hanam.gov.vn:p%40ss%3Aword@10.0.0.5:2465?rejectUnauthorized=false&maxConnections=3',
      want: {
        host: '10.0.0.5',
        port: 2465,
        auth: { user: 'dunghan@hanam.gov.vn', pass: 'p@ss:word' },
        rejectUnauthorized: false,
        maxConnections: 3,
      },
    },
    { url: 'smtp://[::1]:2525?requireTLS=true', want: { host: '::1', port: 2525, requireTLS: true } },
  ];
  it.each(rows)('$url', ({ url, want }) => {
    expect(parseSmtpUrl(url)).toMatchObject(want);
  });
  it.each(['http://mail', 'not a url', 'smtp://mail?pool=no', 'smtp://mail?maxConnections=0'])(
    'refuses %s, naming the variable',
    (url) => {
      expect(() => parseSmtpUrl(url)).toThrow(EnvError);
      expect(() => parseSmtpUrl(url)).toThrow(/^SMTP_URL: /);
    },
  );
});
