import { BatchClient } from '@aws-sdk/client-batch';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

type Env = Record<string, string | undefined>;

/**
 * SDK clients for the handlers and the Batch job. On AWS nothing is set and the SDK's defaults
 * apply. Against a local endpoint (moto_server) `AWS_ENDPOINT_URL` points every client at it
 * (the SDK reads it itself) and `S3_FORCE_PATH_STYLE=true` switches S3 to path-style URLs,
 * which a loopback endpoint needs.
 */
export function s3Client(env: Env = process.env): S3Client {
  return new S3Client({
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    maxAttempts: 5,
  });
}

export function sqsClient(): SQSClient {
  return new SQSClient({ maxAttempts: 5 });
}

export function batchClient(): BatchClient {
  return new BatchClient({ maxAttempts: 5 });
}
