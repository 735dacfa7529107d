import { BatchClient } from '@aws-sdk/client-batch';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { readBoolean, type Env } from './settings.js';

/** The settings of the SDK clients that the SDK does not read itself. */
export interface AwsSettings {
  /** Path-style S3 URLs, which a loopback endpoint (moto_server) needs. */
  readonly s3ForcePathStyle: boolean;
}

/**
 * On AWS nothing is set and the SDK's defaults apply. Against a local endpoint
 * `AWS_ENDPOINT_URL` points every client at it (the SDK reads it itself) and
 * `S3_FORCE_PATH_STYLE=true` switches S3 to path-style URLs.
 */
export function readAwsSettings(env: Env): AwsSettings {
  return { s3ForcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', false) };
}

/** SDK clients for the handlers and the Batch job, made by their entry points. */
export function s3Client(settings: AwsSettings): S3Client {
  return new S3Client({
    forcePathStyle: settings.s3ForcePathStyle,
    maxAttempts: 5,
  });
}

export function sqsClient(): SQSClient {
  return new SQSClient({ maxAttempts: 5 });
}

export function batchClient(): BatchClient {
  return new BatchClient({ maxAttempts: 5 });
}
