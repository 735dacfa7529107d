import { s3Client } from '../../common/aws-clients.js';
import { EtlError, messageOf } from '../../common/errors.js';
import { createLogger } from '../../common/logger.js';
import { errorNameOf, httpStatusOf } from '../../common/retry.js';
import { isTransient, JobExit } from './job-exit.js';
import { runBatchJob, type StopPoint } from './batch-job-run.js';
import { s3JobStore } from './aws/s3-job-store.js';
import { readJobConfig, type JobConfig } from './job-config.js';

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
      store: s3JobStore(s3Client(config), { input: config.inputBucket, output: config.outputBucket }, { warehouseMultipartBytes: config.warehouseMultipartBytes }),
      workDir: config.workDir,
      maxAttempts: config.warehouseMaxAttempts,
      log: (message, data) => logger.info(message, data ?? {}),
      reached: config.stopAt && stopHook(config.stopAt),
    });
    for (const [table, t] of Object.entries(result.manifest.tables)) {
      if (t.status === 'rejected') logger.warn('file rejected', { table, file: t.file, error: t.error });
    }
    logger.info('job finished', { status: result.manifest.status, attempts: result.attempts, transfers: result.transfers });
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

void main().then((code) => {
  process.exitCode = code;
  // The job has its answer: a handle left open by mistake must not hold the container until
  // the job's timeout (the run ends its own threads; this is the last line of defence).
  setTimeout(() => process.exit(code), 10_000).unref();
});
