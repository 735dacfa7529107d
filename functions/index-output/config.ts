import { readAwsSettings, type AwsSettings } from '../../common/aws-clients.js';
import { resolveLang, setLang, t } from '../../common/i18n/index.js';
import { readLang, readText, type Env } from '../../common/settings.js';

export interface IndexOutputConfig extends AwsSettings {
  readonly notificationsQueueUrl: string;
}

/** Reads the function's settings once, at start; a missing or bad one fails with one sentence naming it. */
export function readConfig(env: Env = process.env): IndexOutputConfig {
  // The language first (RENTAS_LANG, the template's Language), so that every later sentence is in it.
  setLang(readLang(env) ?? resolveLang(env));
  return Object.freeze({
    notificationsQueueUrl: readText(env, 'NOTIFICATIONS_QUEUE_URL', t().indexSettingQueueUrl),
    ...readAwsSettings(env),
  });
}
