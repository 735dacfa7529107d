import { ConfigError } from '../../common/errors.js';

export interface ValidateUploadConfig {
  readonly inputBucket: string;
  readonly outputBucket: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
}

const VARIABLES = {
  inputBucket: ['INPUT_BUCKET', 'the name of the input bucket'],
  outputBucket: ['OUTPUT_BUCKET', 'the name of the output bucket'],
  jobQueue: ['JOB_QUEUE', 'the name or ARN of the Batch job queue'],
  jobDefinition: ['JOB_DEFINITION', 'the name or ARN of the Batch job definition'],
} as const;

/** Reads the function's settings once, at start; a missing one fails with one sentence naming it. */
export function readConfig(env: Record<string, string | undefined> = process.env): ValidateUploadConfig {
  const config: Record<string, string> = {};
  for (const [field, [name, what]] of Object.entries(VARIABLES)) {
    const value = env[name]?.trim();
    if (!value) {
      throw new ConfigError(`${name} is not set: expected ${what}, got ${JSON.stringify(env[name] ?? null)}.`);
    }
    config[field] = value;
  }
  return Object.freeze(config as unknown as ValidateUploadConfig);
}
