import { readAwsSettings, type AwsSettings } from '../../common/aws-clients.js';
import { readChoice, readText, type Env } from '../../common/settings.js';
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
  return Object.freeze({
    inputBucket: readText(env, 'INPUT_BUCKET', 'the name of the input bucket'),
    outputBucket: readText(env, 'OUTPUT_BUCKET', 'the name of the output bucket'),
    jobQueue: readText(env, 'JOB_QUEUE', 'the name or ARN of the Batch job queue'),
    jobDefinition: readText(env, 'JOB_DEFINITION', 'the name or ARN of the Batch job definition'),
    inputEncoding: readChoice(env, 'INPUT_ENCODING', INPUT_ENCODINGS, 'auto'),
    ...readAwsSettings(env),
  });
}
