import { readAwsSettings, type AwsSettings } from '../../common/aws-clients.js';
import { resolveLang, setLang, t } from '../../common/i18n/index.js';
import { readChoice, readLang, readText, type Env } from '../../common/settings.js';
import { INPUT_ENCODINGS, type InputEncoding } from '../../common/text-encoding.js';

export interface ValidateUploadConfig extends AwsSettings {
  /** INPUT_ENCODING, applied to the header bytes read as the job applies it to the whole file. */
  readonly inputEncoding: InputEncoding;
  readonly inputBucket: string;
  readonly outputBucket: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
}

/** Reads the function's settings once, at start; a missing or bad one fails with one sentence naming it. */
export function readConfig(env: Env = process.env): ValidateUploadConfig {
  // The language first (RENTAS_LANG, the template's Language), so that every later sentence is in it.
  setLang(readLang(env) ?? resolveLang(env));
  return Object.freeze({
    inputBucket: readText(env, 'INPUT_BUCKET', t().uploadSettingInputBucket),
    outputBucket: readText(env, 'OUTPUT_BUCKET', t().uploadSettingOutputBucket),
    jobQueue: readText(env, 'JOB_QUEUE', t().uploadSettingJobQueue),
    jobDefinition: readText(env, 'JOB_DEFINITION', t().uploadSettingJobDefinition),
    inputEncoding: readChoice(env, 'INPUT_ENCODING', INPUT_ENCODINGS, 'auto'),
    ...readAwsSettings(env),
  });
}
