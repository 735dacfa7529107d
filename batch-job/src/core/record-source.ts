import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type RecordBatch, readRecords } from './csv-records.js';
import { type ErrorCode, FileRejectedError } from './errors.js';
import type { WorkerMessage } from './parse-worker.js';

export interface RecordSource {
  /** Size of the file on disk (compressed size for .csv.gz), for progress. */
  readonly size: number;
  readonly batches: AsyncIterable<RecordBatch>;
}

// Bundled builds ship parse-worker.js beside this module; from TypeScript sources (tests)
// there is no such file and parsing stays in this thread.
const WORKER_FILE = new URL('./parse-worker.js', import.meta.url);
const BATCHES_AHEAD = 4;

export function workerAvailable(): boolean {
  return WORKER_FILE.protocol === 'file:' && existsSync(fileURLToPath(WORKER_FILE));
}

/**
 * The records of a file, parsed in this thread or, with `worker`, in a worker thread so that
 * parsing (the largest single cost) runs on the second core while this thread inserts.
 */
export function recordSource(path: string, options: { worker: boolean }): RecordSource {
  const size = statSync(path).size;
  const batches = options.worker && workerAvailable() ? fromWorker(path) : readRecords(path);
  return { size, batches };
}

async function* fromWorker(path: string): AsyncGenerator<RecordBatch> {
  const worker = new Worker(WORKER_FILE, { workerData: { path, window: BATCHES_AHEAD } });
  const queue: (WorkerMessage | { type: 'crash'; error: Error })[] = [];
  let notify: (() => void) | undefined;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    notify?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => code !== 0 && push({ type: 'crash', error: new Error(`parser thread exited with code ${code}`) }));
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      const message = queue.shift()!;
      if (message.type === 'batch') {
        worker.postMessage('ack');
        yield message;
      } else if (message.type === 'end') {
        return;
      } else if (message.type === 'error') {
        throw new FileRejectedError((message.code ?? 'FILE_UNREADABLE') as ErrorCode, message.message, {
          file: message.file,
          line: message.line,
          column: message.column,
        });
      } else {
        throw message.error;
      }
    }
  } finally {
    await worker.terminate();
  }
}
