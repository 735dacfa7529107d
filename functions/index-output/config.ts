import { readAwsSettings, type AwsSettings } from '../../common/aws-clients.js';
import { readText, type Env } from '../../common/settings.js';

export interface IndexOutputConfig extends AwsSettings {
  readonly notificationsQueueUrl: string;
}

/** Reads the function's settings once, at start; a missing or bad one fails with one sentence naming it. */
export function readConfig(env: Env = process.env): IndexOutputConfig {
  return Object.freeze({
    notificationsQueueUrl: readText(env, 'NOTIFICATIONS_QUEUE_URL', 'the URL of the notifications queue'),
    ...readAwsSettings(env),
  });
}
