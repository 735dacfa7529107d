import type { Context, S3Event } from 'aws-lambda';
import { batchClient, s3Client } from '../../common/aws-clients.js';
import { createLogger } from '../../common/logger.js';
import type { Env } from '../../common/settings.js';
import { BatchJobSubmitter } from './batch-submitter.js';
import { readConfig } from './config.js';
import { logFailure, logSummary } from './log-outcome.js';
import { S3ObjectStore } from './s3-store.js';
import { failureOf, validateUploadEvent, type RecordSummary, type ValidateUploadPorts } from './validate-upload.js';

const logger = createLogger('validate-upload');

/** The S3 and Batch adapters, from the settings read once from the environment (at the first event, not at import, so tests can aim them). */
export function portsFromEnv(env: Env = process.env): ValidateUploadPorts {
  const config = readConfig(env);
  const s3 = s3Client(config);
  return {
    input: new S3ObjectStore(s3, config.inputBucket),
    output: new S3ObjectStore(s3, config.outputBucket),
    jobs: new BatchJobSubmitter(batchClient(), config.jobQueue, config.jobDefinition),
    inputEncoding: config.inputEncoding,
  };
}

/**
 * A handler over the given ports, made on the first invocation and kept for the warm container.
 * It returns one summary per record (a malformed record's says `malformed`, with its code) and
 * fails the invocation, so that Lambda retries the event, only for records that may succeed on
 * a retry.
 */
export function createHandler(makePorts: () => ValidateUploadPorts = portsFromEnv) {
  let ports: ValidateUploadPorts | undefined;
  return async (event: S3Event, context?: Context): Promise<RecordSummary[]> => {
    if (context) logger.addContext(context);
    ports ??= makePorts();
    // Typed as S3Event, but nothing guarantees the shape: the core reads it defensively.
    const result = await validateUploadEvent((event as Partial<S3Event> | null)?.Records, ports);
    result.summaries.forEach((summary) => logSummary(logger, summary));
    result.failures.forEach((failure) => logFailure(logger, failure));
    const failure = failureOf(result);
    if (failure) throw failure;
    return result.summaries;
  };
}

export const handler = createHandler();
