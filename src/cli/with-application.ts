/**
 * A CLI command's composition: the same CoreModule the API and the worker use, without HTTP and
 * without a queue, opened for one command and closed after it (the embedded database is stopped).
 * Only the commands that touch stored data load it, so `dunghan --help` stays fast.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { openApplicationContext } from '../modules/core/application-context.js';
import type { CliIo } from './evaluate.command.js';

export async function withContext<T>(
  io: CliIo,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await openApplicationContext({ env: io.env });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
