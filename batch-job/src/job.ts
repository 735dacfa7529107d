import { s3Client } from '../../common/aws-clients.js';
import { ErrorCode, EtlError, messageOf } from '../../common/errors.js';
import { createLogger } from '../../common/logger.js';
import { errorNameOf, httpStatusOf, isTransientAwsError } from '../../common/retry.js';
import { runBatchJob, type StopPoint } from './batch-job-run.js';
import { s3JobStore } from './aws/s3-job-store.js';
import { readJobConfig, type JobConfig } from './job-config.js';

/**
 * Exit statuses read by the job definition's retry strategy: 0 the manifest is written (a
 * file rejected whole is reported there as `partial`, not as a failed job, so consumers get
 * one notification per batch), 2 bad settings or input (no retry), 75 (EX_TEMPFAIL) a
 * transient failure worth a retry.
 */
export const JobExit = { OK: 0, PERMANENT: 2, TRANSIENT: 75 } as const;

async function main(): Promise<number> {
  let config: JobConfig;
  try {
    config = readJobConfig(process.env);
  } catch (e) {
    // LOG_LEVEL may be the bad setting: this one line is logged at the default level.
    createLogger('etl-job', 'INFO').error('job not started', { code: (e as EtlError).code, error: messageOf(e) });
    return JobExit.PERMANENT;
  }
  const { batchId } = config;
  const logger = createLogger('etl-job', config.logLevel);
  logger.appendKeys({ batchId, jobId: config.jobId, key: `incoming/${batchId}/` });
  try {
    const result = await runBatchJob({
      batchId,
      config: config.etl,
      store: s3JobStore(s3Client(config), { input: config.inputBucket, output: config.outputBucket }),
      workDir: config.workDir,
      maxAttempts: config.warehouseMaxAttempts,
      log: (message, data) => logger.info(message, data ?? {}),
      reached: config.stopAt && stopHook(config.stopAt),
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
    logger.error(transient ? 'job failed, worth a retry' : 'job failed', {
      error: messageOf(e),
      code: e instanceof EtlError ? e.code : ((e as { code?: string })?.code ?? errorNameOf(e)),
      httpStatus: httpStatusOf(e),
      bucket: (e as { BucketName?: string })?.BucketName,
    });
    return transient ? JobExit.TRANSIENT : JobExit.PERMANENT;
  }
}

/**
 * Fault-injection hook for the crash tests: RENTAS_TEST_STOP_AT=<stop point> kills this process
 * (SIGKILL: no handler, no cleanup, as a lost container) when the run reaches that point.
 */
function stopHook(stopAt: StopPoint): (point: StopPoint) => void {
  return (point) => {
    if (point === stopAt) process.kill(process.pid, 'SIGKILL');
  };
}

/** Throttling, 5xx, lost connections and a lost warehouse race can succeed on a new attempt. */
function isTransient(e: unknown): boolean {
  return (e instanceof EtlError && e.code === ErrorCode.WAREHOUSE_CONTENTION) || isTransientAwsError(e);
}

void main().then((code) => {
  process.exitCode = code;
});
