import { createReadStream } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { withRetries } from './transfer.js';

/** Part size of the warehouse's multipart upload: 5 GB is 75 parts. */
export const PART_BYTES = 64 << 20;
/** S3 takes at most 10 000 parts: a larger file gets larger parts. */
const MAX_PARTS = 10_000;
/** Parts in flight at once. */
const PARTS_IN_FLIGHT = 4;

/** Where the object goes, with its content type, metadata and the write condition of the whole upload. */
export interface PartsTarget {
  readonly Bucket: string;
  readonly Key: string;
  readonly ContentType: string;
  readonly Metadata: Record<string, string>;
  readonly IfMatch?: string;
  readonly IfNoneMatch?: string;
}

/**
 * Writes a file as one object through a multipart upload, for files a single PutObject refuses
 * (over 5 GiB). The condition (`If-Match` / `If-None-Match`) is checked by S3 on
 * CompleteMultipartUpload, so a lost race still writes nothing. On any failure the upload is
 * aborted, so no parts are left to bill. Returns the VersionId S3 gave the object.
 */
export async function putInParts(s3: S3Client, target: PartsTarget, path: string, size: number, partBytes: number): Promise<string | undefined> {
  const { IfMatch, IfNoneMatch, ...object } = target;
  const { Bucket, Key } = object;
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand(object));
  try {
    const bytes = Math.max(partBytes, Math.ceil(size / MAX_PARTS));
    const count = Math.max(1, Math.ceil(size / bytes));
    const parts: CompletedPart[] = [];
    let next = 0;
    let failure: { error: unknown } | undefined;
    // Each lane takes the next part until none is left or one has failed; all lanes end
    // before the upload is completed or aborted.
    const lane = async () => {
      while (!failure && next < count) {
        const i = next++;
        const start = i * bytes;
        const end = Math.min(size, start + bytes);
        try {
          const res = await withRetries(() =>
            s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body: createReadStream(path, { start, end: end - 1 }), ContentLength: end - start })),
          );
          parts[i] = { PartNumber: i + 1, ETag: res.ETag };
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, count) }, lane));
    if (failure) throw failure.error;
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts }, IfMatch, IfNoneMatch }));
    return done.VersionId;
  } catch (e) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw e;
  }
}
