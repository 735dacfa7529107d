import { parentPort, workerData } from 'node:worker_threads';
import { readRecords } from './csv-records.js';
import { EtlError } from './errors.js';

/**
 * Worker-thread side of `recordSource`: parses one file and posts its record batches, never
 * more than `window` ahead of the acknowledgements so memory stays flat when inserts are
 * slower than parsing.
 */
export type WorkerMessage =
  | { type: 'batch'; records: string[][]; lines: number[]; bytesRead: number }
  | { type: 'end' }
  | { type: 'error'; code?: string; message: string; file?: string; line?: number; column?: string };

const { path, window } = workerData as { path: string; window: number };
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  wake?.();
});

try {
  for await (const batch of readRecords(path)) {
    while (inFlight >= window) await new Promise<void>((resolve) => (wake = resolve));
    inFlight++;
    port.postMessage({ type: 'batch', records: batch.records, lines: batch.lines, bytesRead: batch.bytesRead } satisfies WorkerMessage);
  }
  port.postMessage({ type: 'end' } satisfies WorkerMessage);
} catch (e) {
  const err = e as EtlError;
  port.postMessage({
    type: 'error',
    code: err instanceof EtlError ? err.code : undefined,
    message: err.message ?? String(e),
    file: err.file,
    line: err.line,
    column: err.column,
  } satisfies WorkerMessage);
}
