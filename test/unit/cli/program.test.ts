/** What a person reads from `dunghan` itself: its help, the parser's errors and its version. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/program.js';
import { projectRoot } from '../../../src/config/project-root.js';

async function dunghan(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(argv, { stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('dunghan: help, parser errors and version in one language', () => {
  it('prints its help in Vietnamese by default, without an English word of the parser', async () => {
    const { code, stdout } = await dunghan(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Cách dùng: dunghan \[tuỳ chọn\] \[lệnh\]\n/);
    expect(stdout).toContain('\nTuỳ chọn:\n');
    expect(stdout).toContain('\nLệnh:\n');
    expect(stdout).toMatch(/-h, --help\s+hiện hướng dẫn của lệnh/);
    expect(stdout).toMatch(/-V, --version\s+in số phiên bản/);
    expect(stdout).toMatch(/obligations \[tuỳ chọn\]\s+Nghĩa vụ theo dữ liệu đã lưu/);
    expect(stdout).not.toMatch(/Usage|Options|Commands|display help|\/ /);
  });

  it('prints a command’s help in English with --lang en or DUNGHAN_LANG=en', async () => {
    const byOption = await dunghan(['runs', '--help', '--lang', 'en']);
    expect(byOption.code).toBe(0);
    expect(byOption.stdout).toMatch(
      /^Usage: dunghan runs \[options\]\n\nSync runs and their rejected records\n/,
    );
    expect(byOption.stdout).toMatch(/--rejections <runId>\s+list one run’s rejected records/);
    expect(byOption.stdout).not.toMatch(/[ăâđêôơư]/i);
    const byEnv = await dunghan(['runs', '--help'], { DUNGHAN_LANG: 'en' });
    expect(byEnv.stdout).toBe(byOption.stdout);
    const vi = await dunghan(['runs', '--help']);
    expect(vi.stdout).toMatch(/--rejections <runId>\s+liệt kê bản ghi bị loại của một lượt/);
  });

  it('answers a mistyped command or option with a Vietnamese message, a suggestion and exit 2', async () => {
    const command = await dunghan(['evaluat']);
    expect(command).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Không có lệnh evaluat.\nCó phải ý bạn là evaluate?\nXem hướng dẫn: dunghan --help\n',
    });
    const option = await dunghan(['obligations', '--unti', 'VP']);
    expect([option.code, option.stderr]).toEqual([
      2,
      'Không có tuỳ chọn --unti.\nCó phải ý bạn là --unit?\nXem hướng dẫn: dunghan obligations --help\n',
    ]);
    const required = await dunghan(['snapshot']);
    expect([required.code, required.stderr]).toEqual([
      2,
      'Thiếu tuỳ chọn bắt buộc --phase <id>.\nXem hướng dẫn: dunghan snapshot --help\n',
    ]);
    const value = await dunghan(['token', 'create', '--role']);
    expect([value.code, value.stderr]).toEqual([
      2,
      'Tuỳ chọn --role <role> cần một giá trị.\nXem hướng dẫn: dunghan token create --help\n',
    ]);
  });

  it('says the same mistakes in English with --lang en', async () => {
    const option = await dunghan(['obligations', '--lang', 'en', '--unti', 'VP']);
    expect([option.code, option.stderr]).toEqual([
      2,
      'Unknown option --unti.\nDid you mean --unit?\nSee: dunghan obligations --help\n',
    ]);
    const argument = await dunghan(['token', 'revoke'], { DUNGHAN_LANG: 'en' });
    expect([argument.code, argument.stderr]).toEqual([
      2,
      'Missing argument id.\nSee: dunghan token revoke --help\n',
    ]);
  });

  it('prints its version with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await dunghan(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await dunghan(['-V'])).stdout).toBe(`${version}\n`);
  });
});
