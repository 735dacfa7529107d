import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { httpStatusOf, isNotFoundAwsError, isTransientAwsError, retriedBySdk, retry } from '../../../common/retry.js';
import type { JobStore, WriteCondition } from '../batch-job-run.js';

/** Above this size outputs go up in parts (lib-storage): parallel, resumable per part. */
const MULTIPART_THRESHOLD = 64 << 20;

/** Attempts of one file transfer, the first included. */
const TRANSFER_ATTEMPTS = 5;

/**
 * Runs a transfer between a local file and S3 again (file reopened) on a transient failure.
 * The SDK retries throttling, 5xx and resets itself, but not a request whose body is a
 * stream it has already sent ("non-retryable streaming request"), nor a response body that
 * breaks off: without this, one 503 SlowDown on an output PUT ends the whole job. What the
 * SDK has retried already is not retried again, so attempts do not multiply.
 */
function withRetries<T>(transfer: () => Promise<T>): Promise<T> {
  return retry(transfer, { attempts: TRANSFER_ATTEMPTS, retryIf: (e) => isTransientAwsError(e) && !retriedBySdk(e) });
}

/** The Batch job's S3 I/O: input listing and download, output upload, conditional warehouse write. */
export function s3JobStore(s3: S3Client, buckets: { input: string; output: string }): JobStore {
  return {
    async listInput(prefix) {
      const keys: { key: string; etag: string }[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: buckets.input, Prefix: prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push({ key: o.Key, etag: o.ETag ?? '' });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },

    async downloadInput(key, path) {
      await withRetries(async () => {
        const res = await s3.send(new GetObjectCommand({ Bucket: buckets.input, Key: key }));
        await pipeline(res.Body as Readable, createWriteStream(path));
      });
    },

    async downloadOutput(key, path) {
      try {
        return await withRetries(async () => {
          const res = await s3.send(new GetObjectCommand({ Bucket: buckets.output, Key: key }));
          await pipeline(res.Body as Readable, createWriteStream(path));
          return { etag: res.ETag! };
        });
      } catch (e) {
        if (isNotFoundAwsError(e)) return undefined;
        throw e;
      }
    },

    async uploadOutput(key, path, contentType) {
      const size = statSync(path).size;
      if (size < MULTIPART_THRESHOLD) {
        await withRetries(() =>
          s3.send(new PutObjectCommand({ Bucket: buckets.output, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType })),
        );
        return;
      }
      await withRetries(() =>
        new Upload({
          client: s3,
          params: { Bucket: buckets.output, Key: key, Body: createReadStream(path), ContentType: contentType },
          partSize: 16 << 20,
          queueSize: 4,
        }).done(),
      );
    },

    async copyOutput(from, to) {
      try {
        await s3.send(new CopyObjectCommand({ Bucket: buckets.output, Key: to, CopySource: `${buckets.output}/${encodeURIComponent(from).replace(/%2F/g, '/')}` }));
        return true;
      } catch (e) {
        if (isNotFoundAwsError(e)) return false;
        throw e;
      }
    },

    async putOutputIf(key, path, condition: WriteCondition) {
      const size = statSync(path).size;
      try {
        // A retry after a lost response meets our own write: 412, handled as a conflict (the
        // warehouse's ledger then shows the batch as applied).
        await withRetries(() =>
          s3.send(
            new PutObjectCommand({
              Bucket: buckets.output,
              Key: key,
              Body: createReadStream(path),
              ContentLength: size,
              ContentType: 'application/vnd.sqlite3',
              ...('ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: '*' }),
            }),
          ),
        );
        return 'written';
      } catch (e) {
        const status = httpStatusOf(e);
        // 412: another job replaced the warehouse first; 409: a concurrent conditional write.
        if (status === 412 || status === 409) return 'conflict';
        throw e;
      }
    },
  };
}
