/**
 * The environment is checked once, at start, by the loader every process (API, worker, CLI) goes
 * through: a bad variable is refused with its name and what is wrong, in Vietnamese then English.
 * SMTP_URL is one of them, like PORT — not a surprise for the first mail job hours later.
 */
import { describe, expect, it } from '@jest/globals';
import { EnvError, loadAppConfig } from '../../../src/config/app-config.js';

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    loadAppConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('the environment at start', () => {
  it.each([
    {
      env: { SMTP_URL: 'nonsense' },
      message:
        'SMTP_URL: không phải một URL (smtp://user:pass@host:port hoặc smtps://…) / is not a URL (smtp://user:pass@host:port or smtps://…)',
    },
    {
      env: { SMTP_URL: 'http://mail.hanam.gov.vn' },
      message: 'SMTP_URL: phải bắt đầu bằng smtp:// hoặc smtps:// / must start with smtp:// or smtps://',
    },
    {
      env: { SMTP_URL: 'smtp://mail.hanam.gov.vn?pool=no' },
      message:
        'SMTP_URL: không có tùy chọn pool (các tùy chọn: requireTLS, rejectUnauthorized, maxConnections, maxMessages) / unknown option pool (known: requireTLS, rejectUnauthorized, maxConnections, maxMessages)',
    },
    {
      env: { SMTP_URL: 'smtp://mail.hanam.gov.vn?requireTLS=maybe' },
      message: 'SMTP_URL: requireTLS phải là true hoặc false / requireTLS must be true or false',
    },
    {
      env: { PORT: 'abc' },
      message: 'PORT: phải là số nguyên từ 0 đến 65535 / must be a whole number from 0 to 65535',
    },
    {
      env: { DATABASE_URL: 'mysql://db/dunghan' },
      message:
        'DATABASE_URL: phải bắt đầu bằng postgres:// hoặc postgresql:// / must start with postgres:// or postgresql://',
    },
    {
      env: { TRUST_PROXY: '10.0.0.0/40' },
      message:
        'TRUST_PROXY: "10.0.0.0/40" không phải số proxy, địa chỉ IP, dải địa chỉ (10.0.0.0/8) hay loopback, linklocal, uniquelocal / ' +
        '"10.0.0.0/40" is not a number of proxies, an IP address, a subnet (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    },
    {
      env: { TRUST_PROXY: 'true' },
      message:
        'TRUST_PROXY: "true" không phải số proxy, địa chỉ IP, dải địa chỉ (10.0.0.0/8) hay loopback, linklocal, uniquelocal / ' +
        '"true" is not a number of proxies, an IP address, a subnet (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    },
  ])('refuses $env', ({ env, message }) => {
    expect(refusal(env)).toBe(message);
  });

  it('takes a good SMTP_URL, and none means the file outbox', () => {
    expect(
      loadAppConfig({ SMTP_URL: 'smtps://dunghan%40hanam.gov.vn:p%40ss@mail.hanam.gov.vn' }).smtp,
    ).toMatchObject({
      host: 'mail.hanam.gov.vn',
      port: 465,
      secure: true,
      auth: { user: 'dunghan@hanam.gov.vn', pass: 'p@ss' },
    });
    expect(loadAppConfig({}).smtp).toBeNull();
    expect(loadAppConfig({ SMTP_URL: '' }).smtp).toBeNull();
  });

  it('trusts no proxy unless TRUST_PROXY names them, by count or by address', () => {
    expect(loadAppConfig({}).trustProxy).toBe(false);
    expect(loadAppConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadAppConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadAppConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
  });
});
