import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../batch-job/src/core/config.js';
import type { WorkerMessage } from '../../batch-job/src/core/parse-worker.js';
import { deserializeError, FileRejectedError } from '../../common/errors.js';
import { expectEtlError, HEADERS, tempDir, writeBatch } from '../helpers/etl.js';
import { runJob } from '../helpers/job.js';

// The bundles in dist/ (built by the integration suite's global setup) as they run: the
// parser thread's errors reach the main thread with their class and code, and the Batch job
// refuses a bad setting before any work.

describe('errors across the real parser thread', () => {
  it('keeps the class, code and line of a file the parser thread rejects', async () => {
    const dir = writeBatch({ 'rentas.csv': `${HEADERS.rentas}\n1,1,1,2,1,"2024-01-01,2024-01-03,1500\n` });
    const worker = new Worker(resolve(import.meta.dirname, '../../dist/parse-worker.js'), {
      workerData: { path: join(dir, 'rentas.csv'), table: 'rentas', rejectsPath: join(tempDir(), 'rentas.csv'), now: Date.now(), limits: loadConfig({}).limits, knownIds: {}, window: 4 },
    });
    try {
      let message: WorkerMessage;
      do [message] = (await once(worker, 'message')) as [WorkerMessage];
      while (message.type === 'chunk');

      expect(message.type).toBe('error');
      const rebuilt = message.type === 'error' ? deserializeError(message.error) : undefined;
      expect(rebuilt).toBeInstanceOf(FileRejectedError);
      expectEtlError(rebuilt, 'FILE_UNREADABLE', 'rentas.csv line 2: expected every quoted field to be closed, but this quote never closes.', 2);
      expect(rebuilt?.file).toBe('rentas.csv');
    } finally {
      await worker.terminate();
    }
  });
});

describe('the Batch job with a bad setting', () => {
  it('exits 2 (no retry) with one line naming a bad WAREHOUSE_MAX_ATTEMPTS', async () => {
    const run = await runJob({ BATCH_ID: 'lote-1', INPUT_BUCKET: 'in', OUTPUT_BUCKET: 'out', WAREHOUSE_MAX_ATTEMPTS: 'abc', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });

    expect(run.status).toBe(2);
    expect(run.logs).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'job not started',
        code: 'CONFIG_INVALID',
        error: 'WAREHOUSE_MAX_ATTEMPTS must be a whole number from 1 to 100, got "abc".',
      }),
    ]);
  });
});
