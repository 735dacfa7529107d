import type { Logger } from '@aws-lambda-powertools/logger';
import { t } from '../../common/i18n/index.js';
import type { RecordFailure, RecordSummary } from './validate-upload.js';

/**
 * One log line per record, with `batchId`, `key` and `jobId` as correlation keys; the message
 * is in the function's language, `outcome` (and `code`) are the stable values to query on. A malformed
 * record is an error (with its `code`): something other than S3 wrote the event. Unsafe keys,
 * rejections, vanished objects and marker troubles are warnings; the rest is information.
 */
export function logSummary(logger: Logger, summary: RecordSummary): void {
  const { key, batchId, jobId, outcome, ...details } = summary;
  const keys = { key, ...(batchId !== undefined ? { batchId } : {}), ...(jobId !== undefined ? { jobId } : {}) };
  logger.appendKeys(keys);
  try {
    const warn = summary.unsafe || outcome === 'rejected' || outcome === 'gone' || (outcome === 'submitted' && summary.warnings);
    const message = t().uploadLog[outcome];
    if (outcome === 'malformed') logger.error(message, { outcome, ...details });
    else if (warn) logger.warn(message, { outcome, ...details });
    else logger.info(message, { outcome, ...details });
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}

export function logFailure(logger: Logger, failure: RecordFailure): void {
  const keys = { key: failure.key, ...(failure.batchId !== undefined ? { batchId: failure.batchId } : {}) };
  logger.appendKeys(keys);
  try {
    logger.error(t().uploadLog.failed, failure.error instanceof Error ? failure.error : String(failure.error));
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}
