import { describe, expect, it } from '@jest/globals';
import type { Mailer, OutgoingMail } from '../../../src/infra/mail/mailer.port.js';
import { MailSendError, mailFailureOf, RetryingMailer } from '../../../src/infra/mail/retrying.mailer.js';

const mail: OutgoingMail = {
  messageId: '<m@dunghan>',
  to: [{ address: 'a@hanam.gov.vn' }],
  subject: 's',
  text: 't',
  html: 'h',
};
const quick = { retries: 4, minTimeoutMs: 1, maxTimeoutMs: 2, factor: 2 };
const smtpError = (responseCode: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${responseCode} nope`), {
    responseCode,
    permanent: responseCode >= 500,
    ...extra,
  });

/** A mailer that fails with the given errors, then succeeds; it records the Message-ID of every attempt. */
function flaky(errors: Error[]): Mailer & { ids: string[] } {
  const ids: string[] = [];
  return {
    ids,
    async send(m) {
      ids.push(m.messageId);
      const e = errors.shift();
      if (e) throw e;
      return { messageId: m.messageId, accepted: ['a@hanam.gov.vn'], rejected: [] };
    },
    async close() {},
  };
}

describe('one retry policy for every driver', () => {
  it('retries a 4xx and a dropped connection, with the same Message-ID every time', async () => {
    const inner = flaky([smtpError(451), Object.assign(new Error('closed'), { code: 'ECONNECTION' })]);
    const retries: number[] = [];
    const sent = await new RetryingMailer(inner, quick, { onRetry: (_m, n) => retries.push(n) }).send(mail);
    expect(sent.messageId).toBe('<m@dunghan>');
    expect(inner.ids).toEqual(['<m@dunghan>', '<m@dunghan>', '<m@dunghan>']);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the retries, saying how many attempts and why', async () => {
    const inner = flaky(Array.from({ length: 9 }, () => smtpError(421)));
    const error = await new RetryingMailer(inner, quick).send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailSendError);
    expect(error).toMatchObject({ attempts: 5, failure: 'transient' });
    expect(inner.ids).toHaveLength(5);
  });

  const once: { name: string; error: Error; failure: string }[] = [
    { name: 'a permanent refusal (550)', error: smtpError(550), failure: 'refused' },
    { name: 'wrong credentials (535, EAUTH)', error: smtpError(535, { code: 'EAUTH' }), failure: 'setup' },
  ];
  it.each(once)('does not retry $name', async ({ error, failure }) => {
    const inner = flaky([error]);
    const e = await new RetryingMailer(inner, quick).send(mail).catch((x: unknown) => x);
    expect(inner.ids).toHaveLength(1);
    expect(mailFailureOf(e)).toBe(failure);
  });

  it('503 (bad sequence) is worth another try', () => {
    expect(mailFailureOf(Object.assign(new Error('503'), { responseCode: 503 }))).toBe('transient');
  });
});
