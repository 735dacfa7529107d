import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ErrorCode, EtlError } from '../../common/errors.js';
import { t } from '../../common/i18n/index.js';
import { errorNameOf, httpStatusOf, isNotFoundAwsError, retry, sleepFor } from '../../common/retry.js';
import type { ObjectRange } from './header-check.js';
import type { ObjectStore } from './validate-upload.js';

export interface S3ObjectStoreOptions {
  /** Attempts of a conditional create that S3 answers with 409 ConditionalRequestConflict. */
  claimAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The `ObjectStore` port on one S3 bucket. */
export class S3ObjectStore implements ObjectStore {
  /** Body bytes received by `getRange` since this store was made (tests check the 64 KiB bound). */
  bytesRead = 0;
  private readonly claimAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly s3: Pick<S3Client, 'send'>,
    readonly bucket: string,
    options: S3ObjectStoreOptions = {},
  ) {
    this.claimAttempts = options.claimAttempts ?? 4;
    this.sleep = options.sleep ?? sleepFor;
  }

  async getRange(key: string, start: number, end: number): Promise<ObjectRange | undefined> {
    let res;
    try {
      res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end}` }));
    } catch (error) {
      if (isNotFoundAwsError(error)) return undefined;
      // S3 answers a range on a 0-byte object with 416 InvalidRange.
      if (start === 0 && (errorNameOf(error) === 'InvalidRange' || httpStatusOf(error) === 416)) return { bytes: Buffer.alloc(0), totalSize: 0 };
      throw error;
    }
    // Stop at the range's length even if an endpoint ignored the Range header.
    const limit = end - start + 1;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of (res.Body ?? []) as AsyncIterable<Uint8Array>) {
      this.bytesRead += chunk.length;
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
      if (size >= limit) break;
    }
    const bytes = Buffer.concat(chunks).subarray(0, limit);
    const total = /\/(\d+)$/.exec(res.ContentRange ?? '')?.[1];
    return { bytes, totalSize: total !== undefined ? Number(total) : (res.ContentLength ?? size) };
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async putJson(key: string, body: unknown): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json(body), ContentType: 'application/json' }));
  }

  /**
   * `PutObject` with `If-None-Match: *`: 412 means the key exists. 409 means a concurrent
   * write to the same key was in flight: S3 asks to retry, which we do with backoff.
   */
  async putIfAbsent(key: string, body: unknown): Promise<'created' | 'exists'> {
    const conflict = (error: unknown) => errorNameOf(error) === 'ConditionalRequestConflict' || httpStatusOf(error) === 409;
    try {
      return await retry(
        async () => {
          try {
            await this.s3.send(
              new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: json(body), ContentType: 'application/json', IfNoneMatch: '*' }),
            );
            return 'created';
          } catch (error) {
            if (errorNameOf(error) === 'PreconditionFailed' || httpStatusOf(error) === 412) return 'exists';
            throw error;
          }
        },
        { attempts: this.claimAttempts, baseDelayMs: 100, retryIf: conflict, sleep: this.sleep },
      );
    } catch (error) {
      if (!conflict(error)) throw error;
      throw new EtlError(
        ErrorCode.CLAIM_CONFLICT,
        t().uploadClaimConflict({ place: `s3://${this.bucket}/${key}`, attempts: this.claimAttempts }),
        { bucket: this.bucket, key },
        { cause: error },
      );
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function json(body: unknown): string {
  return `${JSON.stringify(body, null, 2)}\n`;
}
