/**
 * Writes `GET /api/evaluation`'s JSON to the response without holding the API's event loop
 * (issue 11, finding 8: an agency of 300,000 records blocked it for about 6 s, so `/health` and every
 * other request waited).
 *
 * On a real server the work runs on a worker thread (evaluation.thread.ts) with its own database
 * connection; this thread only relays its chunks to the socket. Where no thread can run it — the
 * embedded PGlite serves one connection, which this process holds; and under ts-jest the thread's
 * compiled file does not exist — it runs here, handing the event loop back after every chunk of
 * about 1 MB it writes. The judging itself (`evaluate()`, under a second for 300,000 records) then
 * still runs in one piece.
 */
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { Instant } from '../../domain/time.js';
import type { ObligationStore } from '../../infra/store/obligation-store.js';
import { writeEvaluationJson } from '../../presentation/evaluation-json.writer.js';
import { OutputWriter } from '../../presentation/output-writer.js';
import type { EvaluationThreadInput, EvaluationThreadMessage } from './evaluation.thread.js';
import { evaluateStored } from './stored-evaluation.js';

export interface EvaluationStreamContext {
  obligationStore: ObligationStore;
  domain: DomainConfig;
  /** The database a thread can open a connection to; null: only this process can reach it (embedded). */
  databaseUrl: string | null;
}

const THREAD = new URL('./evaluation.thread.js', import.meta.url);

/** Where the work runs: `thread` when it can, else `here` (see above). */
export function evaluationRunsOn(ctx: Pick<EvaluationStreamContext, 'databaseUrl'>): 'thread' | 'here' {
  return ctx.databaseUrl !== null && THREAD.protocol === 'file:' && existsSync(fileURLToPath(THREAD))
    ? 'thread'
    : 'here';
}

/** Sets the headers and writes the body; rejects before the first byte (the caller answers 500), destroys the response after it. */
export async function streamEvaluation(
  ctx: EvaluationStreamContext,
  res: ServerResponse,
  asOf: Instant,
  unit: string | undefined,
): Promise<void> {
  if (evaluationRunsOn(ctx) === 'thread') return onThread(ctx, res, asOf, unit);
  const { evaluation, scores } = await evaluateStored(ctx, asOf, unit);
  begin(res);
  const out = new YieldingWriter(res);
  try {
    await writeEvaluationJson(out, evaluation, scores, { evidence: false });
    await out.flush();
    res.end();
  } catch (error) {
    // Headers are gone: all that is left is to cut the response short, so it is not valid JSON.
    res.destroy(error as Error);
  }
}

function begin(res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
}

/** Gives the event loop a turn after each chunk, so other requests are answered between them. */
class YieldingWriter extends OutputWriter {
  override async flush(): Promise<void> {
    await super.flush();
    await nextTurn();
  }
}

function onThread(
  ctx: EvaluationStreamContext,
  res: ServerResponse,
  asOf: Instant,
  unit: string | undefined,
): Promise<void> {
  const input: EvaluationThreadInput = { databaseUrl: ctx.databaseUrl!, domain: ctx.domain, asOf, unit };
  const worker = new Worker(THREAD, {
    workerData: input,
    // The process's flags, but not `--input-type` (an API started with `node -e`), which a file refuses.
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
  });
  let started = false;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (started) {
        res.destroy(error);
        resolve();
      } else reject(error);
    };
    // A client that goes away stops the work.
    res.on('close', () => {
      if (!res.writableFinished) fail(new Error('the client closed the connection'));
    });
    worker.on('message', (m: EvaluationThreadMessage) => {
      if (settled) return;
      if (m.type === 'chunk') {
        if (!started) {
          started = true;
          begin(res);
        }
        const ack = () => worker.postMessage('ack');
        if (res.write(m.text)) ack();
        else res.once('drain', ack);
      } else if (m.type === 'done') {
        settled = true;
        if (!started) begin(res);
        res.end();
        resolve();
      } else fail(new Error(m.message));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!settled) fail(new Error(`the evaluation thread stopped (exit code ${code})`));
    });
  });
}
