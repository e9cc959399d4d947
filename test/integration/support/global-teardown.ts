/**
 * Jest global teardown of the integration tests: stops the PostgreSQL the global setup
 * (test-services.ts) started, if any. No relative import, for the reason given there.
 */
interface Started {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as Record<symbol, Started | undefined>;
  const key = Symbol.for('dunghan.test.startedPostgres');
  const started = holder[key];
  if (started === undefined) return;
  holder[key] = undefined;
  await started.stop();
}
