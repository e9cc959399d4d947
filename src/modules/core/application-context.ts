/**
 * The composition without HTTP and without a queue: what a CLI command, a benchmark or a test
 * needs. `get(SomeService)` answers the same instance the API and the worker would inject.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule } from './core.module.js';
import type { CoreOptions } from './core.tokens.js';

export async function openApplicationContext(options: CoreOptions = {}): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CoreModule.forRoot({ ...options, queue: false }), {
    // The CLI prints its own messages; a failure is thrown to the caller, never a process abort.
    logger: false,
    abortOnError: false,
  });
}
