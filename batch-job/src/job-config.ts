import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAwsSettings, type AwsSettings } from '../../common/aws-clients.js';
import { readLogLevel, type LogLevel } from '../../common/logger.js';
import { readChoice, readInteger, readText, type Env } from '../../common/settings.js';
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
  /** Fault injection for the crash tests (RENTAS_TEST_STOP_AT); unset in production. */
  readonly stopAt?: StopPoint;
  readonly logLevel: LogLevel;
  readonly etl: EtlConfig;
}

/** Reads and checks the job's settings; a bad one throws a ConfigError naming it and what it got. */
export function readJobConfig(env: Env, pid = process.pid): JobConfig {
  return Object.freeze({
    batchId: readText(env, 'BATCH_ID', 'the id of the batch to load (the folder under incoming/)'),
    jobId: readText(env, 'AWS_BATCH_JOB_ID', 'the Batch job id', 'local'),
    inputBucket: readText(env, 'INPUT_BUCKET', 'the name of the input bucket'),
    outputBucket: readText(env, 'OUTPUT_BUCKET', 'the name of the output bucket'),
    workDir: readText(env, 'WORK_DIR', 'a scratch folder', join(tmpdir(), `rentas-job-${pid}`)),
    warehouseMaxAttempts: readInteger(env, 'WAREHOUSE_MAX_ATTEMPTS', { min: 1, max: 100, fallback: 5 }),
    stopAt: readChoice(env, 'RENTAS_TEST_STOP_AT', STOP_POINTS),
    logLevel: readLogLevel(env),
    etl: loadConfig(env),
    ...readAwsSettings(env),
  });
}
