import { PassThrough } from 'node:stream';
import type { CliIo } from '../../../src/cli/evaluate.command.js';

/** Runs a CLI command function with in-memory streams; returns its exit code and output. */
export async function capture(
  command: (io: CliIo) => Promise<number>,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await command({ stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
