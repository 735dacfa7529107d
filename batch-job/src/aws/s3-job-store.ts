import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { JobStore, WriteCondition } from '../batch-job-run.js';

/** Above this size outputs go up in parts (lib-storage): parallel, resumable per part. */
const MULTIPART_THRESHOLD = 64 << 20;

const isMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

/** Attempts of one file transfer, the first included. */
const TRANSFER_ATTEMPTS = 5;
const NETWORK_CODES = ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE'];

/**
 * Throttling, 5xx and lost connections that the SDK did not retry already (it made one
 * attempt): the same transfer may succeed a moment later.
 */
function retryable(e: unknown): boolean {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  if ((err.$metadata?.attempts ?? 1) > 1) return false;
  const status = err.$metadata?.httpStatusCode ?? 0;
  return status >= 500 || status === 429 || err.name === 'SlowDown' || err.name === 'TimeoutError' || NETWORK_CODES.includes(err.code ?? '');
}

/**
 * Runs a transfer between a local file and S3 again (file reopened) on a transient failure.
 * The SDK retries throttling, 5xx and resets itself, but not a request whose body is a
 * stream it has already sent ("non-retryable streaming request"), nor a response body that
 * breaks off: without this, one 503 SlowDown on an output PUT ends the whole job. What the
 * SDK has retried already is not retried again, so attempts do not multiply.
 */
async function withRetries<T>(transfer: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transfer();
    } catch (e) {
      if (attempt >= TRANSFER_ATTEMPTS || !retryable(e)) throw e;
      const ceiling = Math.min(5_000, 200 * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
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
        if (isMissing(e)) return undefined;
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
        if (isMissing(e)) return false;
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
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // 412: another job replaced the warehouse first; 409: a concurrent conditional write.
        if (status === 412 || status === 409) return 'conflict';
        throw e;
      }
    },
  };
}
