/**
 * The body of `GET /api/evaluation`, computed on a worker thread (issue 11, finding 8): loading an
 * agency's records, judging them and writing hundreds of megabytes of JSON takes seconds of CPU,
 * during which the API's event loop would answer nothing — not `/health`, not a page of
 * obligations. The thread opens its own connection to the same database, runs the same
 * `evaluateStored` and `writeEvaluationJson` as the in-process path, and hands the text to the
 * main thread in chunks of about 1 MB, one at a time: it waits for each to be acknowledged (the
 * response has taken it), so a slow client holds back the thread, not memory.
 *
 * Messages to the parent: `{ type: 'chunk', text }` (answer with `ack`), then `{ type: 'done' }` or
 * `{ type: 'error', message }`.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { Instant } from '../../domain/time.js';
import { createDataSource } from '../../infra/database/data-source.js';
import { ObligationStore } from '../../infra/store/obligation-store.js';
import { writeEvaluationJson } from '../../presentation/evaluation-json.writer.js';
import { OutputWriter } from '../../presentation/output-writer.js';
import { evaluateStored } from './stored-evaluation.js';

export interface EvaluationThreadInput {
  databaseUrl: string;
  domain: DomainConfig;
  asOf: Instant;
  unit: string | undefined;
}

export type EvaluationThreadMessage =
  { type: 'chunk'; text: string } | { type: 'done' } | { type: 'error'; message: string };

async function main(port: NonNullable<typeof parentPort>, input: EvaluationThreadInput): Promise<void> {
  const dataSource = createDataSource({
    url: input.databaseUrl,
    poolSize: 1,
    applicationName: 'dunghan-evaluation',
  });
  let pendingAck: (() => void) | null = null;
  port.on('message', (m: unknown) => {
    if (m === 'ack' && pendingAck !== null) {
      const resolve = pendingAck;
      pendingAck = null;
      resolve();
    }
  });
  const toParent = new Writable({
    decodeStrings: false,
    highWaterMark: 1,
    write(chunk: string | Buffer, _encoding, callback) {
      pendingAck = () => callback();
      const message: EvaluationThreadMessage = { type: 'chunk', text: chunk.toString() };
      port.postMessage(message);
    },
  });
  try {
    await dataSource.initialize();
    const { evaluation, scores } = await evaluateStored(
      { obligationStore: new ObligationStore(dataSource), domain: input.domain },
      input.asOf,
      input.unit,
    );
    const out = new OutputWriter(toParent);
    await writeEvaluationJson(out, evaluation, scores, { evidence: false });
    await out.flush();
    await new Promise<void>((resolve) => toParent.end(resolve));
    port.postMessage({ type: 'done' } satisfies EvaluationThreadMessage);
  } catch (error) {
    // The message only: the stack of a query error may quote SQL parameters.
    port.postMessage({
      type: 'error',
      message: (error as Error).message ?? String(error),
    } satisfies EvaluationThreadMessage);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    port.close();
  }
}

if (parentPort !== null) void main(parentPort, workerData as EvaluationThreadInput);
