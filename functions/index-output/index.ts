import { s3Client, sqsClient } from '../../common/aws-clients.js';
import { t } from '../../common/i18n/index.js';
import { createLogger } from '../../common/logger.js';
import type { Env } from '../../common/settings.js';
import { readConfig } from './config.js';
import { sqsNotificationSender } from './notifications.js';
import { indexEvent, throwIfRecordsFailed, type IndexerPorts, type RecordOutcome } from './indexer.js';
import { s3ObjectSource } from './s3-object-source.js';

const logger = createLogger('index-output');

/**
 * Builds the handler around ports made on the first invocation (not at import), so tests
 * can set the environment or pass fakes first.
 */
export function makeHandler(makePorts: () => IndexerPorts) {
  let ports: IndexerPorts | undefined;
  return async (event: unknown): Promise<{ sent: number; outcomes: RecordOutcome['kind'][] }> => {
    ports ??= makePorts();
    const result = await indexEvent(event, ports).catch((err: unknown) => {
      logger.error(t().indexLog.notSent, err as Error);
      throw err;
    });
    for (const outcome of result.outcomes) logOutcome(outcome);
    throwIfRecordsFailed(result);
    return { sent: result.sent.length, outcomes: result.outcomes.map((o) => o.kind) };
  };
}

function logOutcome(o: RecordOutcome): void {
  logger.appendKeys({ batchId: o.batchId ?? null, key: o.key ?? null });
  // The message is in the function's language; `kind`, `reason` and `code` are the stable values to query on.
  const log = t().indexLog;
  if (o.kind === 'indexed') logger.info(log.sent, { kind: o.kind, types: o.types });
  else if (o.kind === 'failed') logger.error(log.notIndexed, { kind: o.kind, code: o.error.code, error: o.error });
  else if (o.reason === 'malformed-record') logger.error(log.skipped, { kind: o.kind, reason: o.reason, code: 'EVENT_RECORD_MALFORMED' });
  else if (o.reason === 'object-missing' || o.reason === 'unrecognized-event') logger.warn(log.skipped, { kind: o.kind, reason: o.reason });
  else logger.debug(log.skipped, { kind: o.kind, reason: o.reason });
  logger.removeKeys(['batchId', 'key']);
}

/** The S3 and SQS adapters, from the settings read once from the environment. */
export function portsFromEnv(env: Env = process.env): IndexerPorts {
  const config = readConfig(env);
  return { objects: s3ObjectSource(s3Client(config)), sender: sqsNotificationSender(sqsClient(), config.notificationsQueueUrl) };
}

export const handler = makeHandler(() => portsFromEnv());
