import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s3Client } from '../../common/aws-clients.js';
import { createLogger } from '../../common/logger.js';
import { runBatchJob, STOP_POINTS, type StopPoint, WarehouseContentionError } from './batch-job-run.js';
import { s3JobStore } from './aws/s3-job-store.js';
import { loadConfig } from './core/config.js';
import { EtlError } from '../../common/errors.js';

/**
 * Exit statuses read by the job definition's retry strategy: 0 the manifest is written (a
 * file rejected whole is reported there as `partial`, not as a failed job, so consumers get
 * one notification per batch), 2 bad settings or input (no retry), 75 (EX_TEMPFAIL) a
 * transient failure worth a retry.
 */
export const JobExit = { OK: 0, PERMANENT: 2, TRANSIENT: 75 } as const;

const logger = createLogger('etl-job');

async function main(): Promise<number> {
  const env = process.env;
  const batchId = env.BATCH_ID ?? '';
  logger.appendKeys({ batchId, jobId: env.AWS_BATCH_JOB_ID ?? 'local', key: `incoming/${batchId}/` });
  try {
    if (!batchId || !env.INPUT_BUCKET || !env.OUTPUT_BUCKET) {
      logger.error('job not started: BATCH_ID, INPUT_BUCKET and OUTPUT_BUCKET must all be set');
      return JobExit.PERMANENT;
    }
    const config = loadConfig(env);
    const result = await runBatchJob({
      batchId,
      config,
      store: s3JobStore(s3Client(), { input: env.INPUT_BUCKET, output: env.OUTPUT_BUCKET }),
      workDir: env.WORK_DIR ?? join(tmpdir(), `rentas-job-${process.pid}`),
      maxAttempts: Number(env.WAREHOUSE_MAX_ATTEMPTS ?? 5),
      log: (message, data) => logger.info(message, data ?? {}),
      reached: stopHook(env.RENTAS_TEST_STOP_AT),
    });
    for (const [table, t] of Object.entries(result.manifest.tables)) {
      if (t.status === 'rejected') logger.warn('file rejected', { table, file: t.file, error: t.error });
    }
    logger.info('job finished', { status: result.manifest.status, attempts: result.attempts });
    return JobExit.OK;
  } catch (e) {
    const transient = isTransient(e);
    // The SDK's errors carry their S3 code in `name` (AccessDenied, NoSuchBucket) and the
    // status in $metadata; both say more than the message alone.
    const err = e as EtlError & { $metadata?: { httpStatusCode?: number }; BucketName?: string };
    logger.error(transient ? 'job failed, worth a retry' : 'job failed', {
      error: err.message,
      code: err.code ?? err.name,
      httpStatus: err.$metadata?.httpStatusCode,
      bucket: err.BucketName,
    });
    return transient ? JobExit.TRANSIENT : JobExit.PERMANENT;
  }
}

/**
 * Fault-injection hook for the crash tests: RENTAS_TEST_STOP_AT=<stop point> kills this process
 * (SIGKILL: no handler, no cleanup, as a lost container) when the run reaches that point.
 * Unset in production; an unknown point is refused rather than silently never reached.
 */
function stopHook(stopAt: string | undefined): ((point: StopPoint) => void) | undefined {
  if (!stopAt) return undefined;
  if (!(STOP_POINTS as readonly string[]).includes(stopAt)) throw new Error(`RENTAS_TEST_STOP_AT must be one of ${STOP_POINTS.join(', ')}, got ${JSON.stringify(stopAt)}.`);
  return (point) => {
    if (point === stopAt) process.kill(process.pid, 'SIGKILL');
  };
}

/** Throttling, 5xx, lost connections and a lost warehouse race can succeed on a new attempt. */
export function isTransient(e: unknown): boolean {
  if (e instanceof WarehouseContentionError) return true;
  if (e instanceof EtlError) return isTransient(e.cause);
  const err = e as { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string; name?: string };
  if (!err || typeof err !== 'object') return false;
  if (err.$retryable) return true;
  const status = err.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || status === 429) return true;
  return ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN'].includes(err.code ?? '') || err.name === 'TimeoutError';
}

void main().then((code) => {
  process.exitCode = code;
});
