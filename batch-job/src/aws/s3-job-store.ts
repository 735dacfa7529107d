import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { errorNameOf, httpStatusOf, isNotFoundAwsError } from '../../../common/retry.js';
import type { JobStore, WarehouseStamp, WriteCondition } from '../batch-job-run.js';
import { withRetries } from './transfer.js';
import { putInParts, PART_BYTES } from './multipart-put.js';

/** Above this size outputs go up in parts (lib-storage): parallel, resumable per part. */
const MULTIPART_THRESHOLD = 64 << 20;

/** Versions of the warehouse looked at, newest first, when the current one is not the batch's. */
const VERSIONS_SCANNED = 100;

/** A single PutObject is refused above 5 GiB; just under it, the warehouse goes up in parts. */
export const WAREHOUSE_MULTIPART_DEFAULT = 5_000_000_000;

export interface S3JobStoreOptions {
  /** From this size on the warehouse is written with a conditional multipart upload (WAREHOUSE_MULTIPART_BYTES). */
  readonly warehouseMultipartBytes?: number;
  /** Part size of that upload (at least 5 MiB, S3's minimum for every part but the last). */
  readonly partBytes?: number;
}

/**
 * The stamp on the warehouse object: S3 metadata is ASCII, so the batch id (which may hold
 * accents or spaces) is stored URI-encoded.
 */
const metadataOf = (stamp: WarehouseStamp): Record<string, string> => ({ 'batch-id': encodeURIComponent(stamp.batchId), sha256: stamp.sha256 });
const stamped = (metadata: Record<string, string> | undefined, stamp: WarehouseStamp): boolean =>
  metadata?.['batch-id'] === encodeURIComponent(stamp.batchId) && metadata?.sha256 === stamp.sha256;
/** S3 names the version of an object written while versioning was off "null". */
const versionOf = (id: string | undefined): string | null => (id && id !== 'null' ? id : null);

/** The Batch job's S3 I/O: input listing and download, output upload, conditional warehouse write. */
export function s3JobStore(s3: S3Client, buckets: { input: string; output: string }, options: S3JobStoreOptions = {}): JobStore {
  const multipartBytes = options.warehouseMultipartBytes ?? WAREHOUSE_MULTIPART_DEFAULT;
  const partBytes = options.partBytes ?? PART_BYTES;

  async function listKeys(bucket: string, prefix: string): Promise<{ key: string; etag: string }[]> {
    const keys: { key: string; etag: string }[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push({ key: o.Key, etag: o.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** The object's metadata and version; undefined when that object (or version) does not exist. */
  async function head(key: string, versionId?: string) {
    try {
      const res = await s3.send(new HeadObjectCommand({ Bucket: buckets.output, Key: key, VersionId: versionId }));
      return { metadata: res.Metadata, versionId: versionOf(res.VersionId ?? versionId) };
    } catch (e) {
      if (isNotFoundAwsError(e)) return undefined;
      throw e;
    }
  }

  return {
    listInput: (prefix) => listKeys(buckets.input, prefix),

    async listOutput(prefix) {
      return (await listKeys(buckets.output, prefix)).map(({ key }) => key);
    },

    async deleteOutput(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const res = await s3.send(
          new DeleteObjectsCommand({ Bucket: buckets.output, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
        );
        const failed = res.Errors?.[0];
        if (failed) throw Object.assign(new Error(`${failed.Key}: ${failed.Code} ${failed.Message}`), { name: failed.Code });
      }
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

    async putWarehouseIf(key, path, condition: WriteCondition, stamp) {
      const size = statSync(path).size;
      const conditional = 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: '*' };
      const target = { Bucket: buckets.output, Key: key, ContentType: 'application/vnd.sqlite3', Metadata: metadataOf(stamp), ...conditional };
      try {
        if (size >= multipartBytes) return { versionId: versionOf(await putInParts(s3, target, path, size, partBytes)) };
        // A retry after a lost response meets our own write: 412, handled as a conflict (the
        // warehouse's ledger then shows the batch as applied).
        const res = await withRetries(() => s3.send(new PutObjectCommand({ ...target, Body: createReadStream(path), ContentLength: size })));
        return { versionId: versionOf(res.VersionId) };
      } catch (e) {
        const status = httpStatusOf(e);
        // 412: another job replaced the warehouse first; 409: a concurrent conditional write.
        // NoSuchUpload: a retried CompleteMultipartUpload whose first answer was lost (as a
        // retried PUT meets 412). The next attempt reads the warehouse's ledger either way.
        if (status === 412 || status === 409 || errorNameOf(e) === 'NoSuchUpload') return 'conflict';
        throw e;
      }
    },

    async findWarehouseVersion(key, stamp) {
      const current = await head(key);
      if (current && stamped(current.metadata, stamp)) return { versionId: current.versionId };
      // Another batch wrote the warehouse since: look for ours among the older versions.
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      let scanned = 0;
      do {
        const page = await s3.send(
          new ListObjectVersionsCommand({ Bucket: buckets.output, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionMarker, MaxKeys: VERSIONS_SCANNED }),
        );
        for (const v of page.Versions ?? []) {
          if (v.Key !== key || !v.VersionId || scanned++ >= VERSIONS_SCANNED) continue;
          const found = await head(key, v.VersionId);
          if (found && stamped(found.metadata, stamp)) return { versionId: found.versionId };
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionMarker = page.NextVersionIdMarker;
      } while (keyMarker && scanned < VERSIONS_SCANNED);
      return undefined;
    },
  };
}
