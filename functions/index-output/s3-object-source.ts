import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isNotFoundAwsError } from '../../common/retry.js';
import type { ObjectSource, StoredObject } from './indexer.js';

/**
 * The S3 adapter of the indexer's ObjectSource port. The body is handed over as the SDK's
 * stream (a Node Readable is an AsyncIterable of Buffers), so the reader can stop early.
 */
export function s3ObjectSource(client: Pick<S3Client, 'send'>): ObjectSource {
  return {
    async get(bucket: string, key: string): Promise<StoredObject | undefined> {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return {
          body: res.Body as unknown as AsyncIterable<Uint8Array>,
          eTag: res.ETag?.replace(/"/g, ''),
          contentLength: res.ContentLength,
        };
      } catch (err) {
        // Deleted (or overwritten by a lifecycle rule) between the event and this read.
        if (isNotFoundAwsError(err)) return undefined;
        throw err;
      }
    },
  };
}
