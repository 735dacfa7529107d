import type { S3Event, S3EventRecord } from 'aws-lambda';

/** Encodes a key as S3 does in event records: each segment URL-encoded, spaces as `+`, `/` kept. */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%20/g, '+'))
    .join('/');
}

/** One S3 notification record for `key` (given decoded) in `bucket`, shaped as AWS sends it. */
export function s3Record(
  bucket: string,
  key: string,
  over: { eTag?: string; eventName?: string; eventTime?: string; size?: number } = {},
): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: over.eventTime ?? '2025-06-01T14:09:58.000Z',
    eventName: over.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:TEST' },
    requestParameters: { sourceIPAddress: '203.0.113.24' },
    responseElements: { 'x-amz-request-id': 'TEST', 'x-amz-id-2': 'TEST' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'test',
      bucket: { name: bucket, ownerIdentity: { principalId: 'TEST' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key: encodeEventKey(key), size: over.size ?? 0, eTag: over.eTag ?? 'etag', sequencer: '00' },
    },
  };
}

export function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}
