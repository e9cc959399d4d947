#!/usr/bin/env node
/**
 * `dunghan`: the command line (`src/cli/program.ts`). Every command returns an exit status; a
 * person's mistake prints a message naming what to fix (exit 2), never a stack trace.
 */
import { runCli } from './cli/program.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
