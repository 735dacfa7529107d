import { s3Client, sqsClient } from '../../common/aws-clients.js';
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
      logger.error('notifications not sent', err as Error);
      throw err;
    });
    for (const outcome of result.outcomes) logOutcome(outcome);
    throwIfRecordsFailed(result);
    return { sent: result.sent.length, outcomes: result.outcomes.map((o) => o.kind) };
  };
}

function logOutcome(o: RecordOutcome): void {
  logger.appendKeys({ batchId: o.batchId ?? null, key: o.key ?? null });
  if (o.kind === 'indexed') logger.info('notifications sent', { types: o.types });
  else if (o.kind === 'failed') logger.error('record not indexed', { code: o.error.code, error: o.error });
  else if (o.reason === 'malformed-record') logger.error('record skipped', { reason: o.reason, code: 'EVENT_RECORD_MALFORMED' });
  else if (o.reason === 'object-missing' || o.reason === 'unrecognized-event') logger.warn('record skipped', { reason: o.reason });
  else logger.debug('record skipped', { reason: o.reason });
  logger.removeKeys(['batchId', 'key']);
}

/** The S3 and SQS adapters, from the settings read once from the environment. */
export function portsFromEnv(env: Env = process.env): IndexerPorts {
  const config = readConfig(env);
  return { objects: s3ObjectSource(s3Client(config)), sender: sqsNotificationSender(sqsClient(), config.notificationsQueueUrl) };
}

export const handler = makeHandler(() => portsFromEnv());
