/**
 * Every setting is validated when a process composes itself, before anything runs: a bad variable
 * or a bad field of a configuration file stops the start and is named — not found later, when the
 * first mail job or reminder slot reads it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/config/domain-config.loader.js';
import { defaultConfigDir } from '../../src/config/project-root.js';
import { openServices } from './support/services.js';

describe('settings are validated once, at start', () => {
  let dir: string;
  let configDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dunghan-settings-'));
    configDir = join(dir, 'config');
    cpSync(defaultConfigDir(), configDir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    DUNGHAN_CONFIG_DIR: configDir,
    DUNGHAN_DATA_DIR: join(dir, 'var'),
    DUNGHAN_WORKER_NAME: 'test',
    ...extra,
  });

  it('refuses SMTP_URL=nonsense at start, naming the variable', async () => {
    const start = openServices(env({ SMTP_URL: 'nonsense' }));
    await expect(start).rejects.toBeInstanceOf(EnvError);
    await expect(start).rejects.toMatchObject({ variable: 'SMTP_URL' });
  });

  it.each([
    ['slotTime', '25:00'],
    ['digestTime', '7:30 sáng'],
  ])('refuses a bad reminders.json %s at start, naming the file and the field', async (field, value) => {
    const file = join(configDir, 'reminders.json');
    const reminders = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...reminders, [field]: value }));
    const start = openServices(env());
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toMatchObject({ path: field });
  });
});
