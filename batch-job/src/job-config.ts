import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAwsSettings, type AwsSettings } from '../../common/aws-clients.js';
import { readLogLevel, type LogLevel } from '../../common/logger.js';
import { readChoice, readInteger, readLang, readText, type Env } from '../../common/settings.js';
import { resolveLang, setLang, t } from '../../common/i18n/index.js';
import { WAREHOUSE_MULTIPART_DEFAULT } from './aws/s3-job-store.js';
import { STOP_POINTS, type StopPoint } from './batch-job-run.js';
import { loadConfig, type EtlConfig } from './core/config.js';

/** Everything the Batch job reads from its environment, read once at start. */
export interface JobConfig extends AwsSettings {
  readonly batchId: string;
  /** AWS_BATCH_JOB_ID, set by Batch; `local` elsewhere. */
  readonly jobId: string;
  readonly inputBucket: string;
  readonly outputBucket: string;
  /** Scratch folder for the batch's files and the warehouse copy. */
  readonly workDir: string;
  /** Runs of the batch against a warehouse another job keeps replacing, before giving up. */
  readonly warehouseMaxAttempts: number;
  /** From this size on the warehouse is written with a multipart upload (a single PUT stops at 5 GiB). */
  readonly warehouseMultipartBytes: number;
  /** Fault injection for the crash tests (RENTAS_TEST_STOP_AT); unset in production. */
  readonly stopAt?: StopPoint;
  readonly logLevel: LogLevel;
  readonly etl: EtlConfig;
}

/** Reads and checks the job's settings; a bad one throws a ConfigError naming it and what it got. */
export function readJobConfig(env: Env, pid = process.pid): JobConfig {
  // The language first (RENTAS_LANG, from the template's Language), so every later sentence is in it.
  setLang(readLang(env) ?? resolveLang(env));
  return Object.freeze({
    batchId: readText(env, 'BATCH_ID', t().jobSettingBatchId),
    jobId: readText(env, 'AWS_BATCH_JOB_ID', t().jobSettingJobId, 'local'),
    inputBucket: readText(env, 'INPUT_BUCKET', t().jobSettingInputBucket),
    outputBucket: readText(env, 'OUTPUT_BUCKET', t().jobSettingOutputBucket),
    workDir: readText(env, 'WORK_DIR', t().jobSettingWorkDir, join(tmpdir(), `rentas-job-${pid}`)),
    warehouseMaxAttempts: readInteger(env, 'WAREHOUSE_MAX_ATTEMPTS', { min: 1, max: 100, fallback: 5 }),
    // At least two 5 MiB parts; at most 5 GiB, the largest single PUT.
    warehouseMultipartBytes: readInteger(env, 'WAREHOUSE_MULTIPART_BYTES', { min: 10 << 20, max: 5 * 2 ** 30, fallback: WAREHOUSE_MULTIPART_DEFAULT }),
    stopAt: readChoice(env, 'RENTAS_TEST_STOP_AT', STOP_POINTS),
    logLevel: readLogLevel(env),
    etl: loadConfig(env),
    ...readAwsSettings(env),
  });
}
