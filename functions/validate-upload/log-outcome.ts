import type { Logger } from '@aws-lambda-powertools/logger';
import type { Outcome, RecordFailure, RecordSummary } from './validate-upload.js';

const MESSAGES = {
  ignored: 'upload ignored',
  rejected: 'file rejected',
  accepted: 'file accepted',
  waiting: 'batch waiting',
  gone: 'object gone',
  submitted: 'job submitted',
  'already-claimed': 'batch already claimed',
  malformed: 'record malformed',
} as const satisfies Record<Outcome, string>;

/**
 * One log line per record, with `batchId`, `key` and `jobId` as correlation keys. A malformed
 * record is an error (with its `code`): something other than S3 wrote the event. Unsafe keys,
 * rejections, vanished objects and marker troubles are warnings; the rest is information.
 */
export function logSummary(logger: Logger, summary: RecordSummary): void {
  const { key, batchId, jobId, outcome, ...details } = summary;
  const keys = { key, ...(batchId !== undefined ? { batchId } : {}), ...(jobId !== undefined ? { jobId } : {}) };
  logger.appendKeys(keys);
  try {
    const warn = summary.unsafe || outcome === 'rejected' || outcome === 'gone' || (outcome === 'submitted' && summary.warnings);
    if (outcome === 'malformed') logger.error(MESSAGES[outcome], { outcome, ...details });
    else if (warn) logger.warn(MESSAGES[outcome], { outcome, ...details });
    else logger.info(MESSAGES[outcome], { outcome, ...details });
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}

export function logFailure(logger: Logger, failure: RecordFailure): void {
  const keys = { key: failure.key, ...(failure.batchId !== undefined ? { batchId: failure.batchId } : {}) };
  logger.appendKeys(keys);
  try {
    logger.error('record failed', failure.error instanceof Error ? failure.error : String(failure.error));
  } finally {
    logger.removeKeys(Object.keys(keys));
  }
}
