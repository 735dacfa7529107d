import { isTransientAwsError, retriedBySdk, retry } from '../../../common/retry.js';

/** Attempts of one file transfer, the first included. */
const TRANSFER_ATTEMPTS = 5;

/**
 * Runs a transfer between a local file and S3 again (file reopened) on a transient failure.
 * The SDK retries throttling, 5xx and resets itself, but not a request whose body is a
 * stream it has already sent ("non-retryable streaming request"), nor a response body that
 * breaks off: without this, one 503 SlowDown on an output PUT ends the whole job. What the
 * SDK has retried already is not retried again, so attempts do not multiply.
 */
export function withRetries<T>(transfer: () => Promise<T>): Promise<T> {
  return retry(transfer, { attempts: TRANSFER_ATTEMPTS, retryIf: (e) => isTransientAwsError(e) && !retriedBySdk(e) });
}
