/**
 * `npm run demo` on a fresh machine: the BUILT CLI (run `npx nest build` first), in a child process
 * whose environment has neither DATABASE_URL nor REDIS_URL, with an empty data folder. The rates it
 * prints must be the offline engine's over the same agency (the committed sample bundle, made with
 * the demo's generator options): the month files, the folder adapter, the sync, the store and the
 * stored evaluation together must not change a number.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigDir, projectRoot } from '../../src/config/project-root.js';
import { loadDomainConfig } from '../../src/config/domain-config.loader.js';
import { DEMO_AS_OF } from '../../src/demo/demo.command.js';
import { buildCalendar } from '../../src/domain/calendar/working-calendar.js';
import { evaluate } from '../../src/domain/evaluate.js';
import { isJudged } from '../../src/domain/rules/obligation.js';
import { parseInstant } from '../../src/domain/time.js';
import { loadBundles } from '../../src/infra/bundle/load-bundles.js';

const CLI = join(projectRoot(), 'dist', 'src', 'cli.js');
const SAMPLE = join(projectRoot(), 'examples', 'sample-agency.bundle.json');
const TIMED = new Set(['plan', 'staff_submission', 'unit_submission', 'weekly_schedule']);

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment of a machine with nothing installed: no database or queue configured. */
function bareEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DUNGHAN_DATA_DIR: dataDir, PORT: '0' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'DUNGHAN_CONFIG_DIR', 'DUNGHAN_CLOCK']) delete env[name];
  return env;
}

/** Per unit name: the on-time rate the offline engine gives, formatted as the demo prints it. */
async function expectedRates(): Promise<Map<string, string>> {
  const loaded = await loadBundles([SAMPLE]);
  if (loaded.fatal !== null) throw new Error('the sample bundle does not load');
  const config = loadDomainConfig(defaultConfigDir());
  const { obligations } = evaluate({
    dataset: loaded.dataset,
    asOf: parseInstant(DEMO_AS_OF)!,
    calendar: buildCalendar(config.calendar),
    campaigns: config.campaigns,
    officialDomain: config.settings.officialDomain,
    trackingStart: config.settings.trackingStart,
  });
  const pct = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const rates = new Map<string, string>();
  for (const unit of loaded.dataset.units.values()) {
    const judged = obligations.filter((o) => o.unitId === unit.id && TIMED.has(o.rule) && isJudged(o.status));
    const met = judged.filter((o) => o.status === 'met').length;
    rates.set(unit.name, `${pct.format((100 * met) / judged.length)} %`);
  }
  return rates;
}

function lineOf(stdout: string, unitName: string): string | undefined {
  return stdout.split('\n').find((line) => line.trimStart().startsWith(unitName + ' '));
}

describe('dunghan demo --once (built CLI, embedded defaults)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dunghan-demo-'));
  const env = bareEnv(dataDir);

  it('needs no Postgres or Redis, syncs the generated month files and prints each unit’s on-time rate', async () => {
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    const expected = await expectedRates();
    expect(expected.size).toBe(8);

    const { code, stdout, stderr } = await runCli(['demo', '--once'], env);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(
      /Đồng bộ nguồn "demo-inbox" \(lượt \d+\): 6 lô, 4\.005 bản ghi .* bị loại 0, cảnh báo \d+\./,
    );
    expect(stdout).toContain('Tỉ lệ đúng hạn theo đơn vị');
    for (const [name, rate] of expected) {
      const line = lineOf(stdout, name);
      expect(line).toBeDefined();
      expect(line!.endsWith(rate)).toBe(true);
    }
    expect(stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/health/);
    expect(stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/api\/obligations/);
    expect(stdout).toMatch(/Mã truy cập thử \(quản trị\): dh_[A-Za-z0-9_-]{43}\n/);
    // One sign-in link per role of the sample agency.
    expect(stdout).toContain('Đăng nhập thử từng vai trò');
    for (const role of ['Quản trị hệ thống', 'Hội đồng thi đua', 'Lãnh đạo', 'Trưởng đơn vị', 'Chuyên viên'])
      expect(stdout).toMatch(
        new RegExp(`\\n  ${role}: .+ http://127\\.0\\.0\\.1:\\d+/auth/link/[A-Za-z0-9_-]{43}\\n`),
      );
    // The data went to the embedded database in the data folder, the files through the inbox.
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    expect(readdirSync(join(dataDir, 'inbox')).filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(readdirSync(join(dataDir, 'inbox', 'processed'))).toEqual([
      'agency-2025-01.json',
      'agency-2025-02.json',
      'agency-2025-03.json',
      'agency-2025-04.json',
      'agency-2025-05.json',
      'agency-2025-06.json',
    ]);
  }, 60_000);

  it('runs again on the same folder: nothing new to sync, the same rates from what is stored', async () => {
    const expected = await expectedRates();

    const { code, stdout, stderr } = await runCli(['demo', '--once'], env);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('không có tệp mới');
    for (const [name, rate] of expected) expect(lineOf(stdout, name)?.endsWith(rate)).toBe(true);
    expect(readdirSync(join(dataDir, 'inbox', 'processed'))).toHaveLength(6);
  }, 60_000);

  it('speaks English with --lang en: the same rates with a decimal point, times in Vietnam time', async () => {
    const expected = await expectedRates();

    const { code, stdout, stderr } = await runCli(['demo', '--once', '--lang', 'en'], env);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain("The trial run's clock stands at 30/06/2025 17:00 +07:00");
    expect(stdout).toMatch(/Sync of "demo-inbox" \(run \d+\): no new files\./);
    expect(stdout).toContain('On-time rate per unit as of 30/06/2025 17:00 +07:00');
    for (const [name, rate] of expected)
      expect(lineOf(stdout, name)?.endsWith(rate.replace(',', '.'))).toBe(true);
    expect(stdout).toMatch(/Trial access token \(admin\): dh_[A-Za-z0-9_-]{43}\n/);
    expect(stdout).not.toMatch(/Đồng bộ|Tỉ lệ|Mã truy cập/);
  }, 60_000);
});
