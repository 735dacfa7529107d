import { ErrorCode, EtlError } from './errors.js';
import { t } from './i18n/index.js';

/** The fields of an AWS SDK v3 service error (or a Node network error) that classify it. */
interface AwsErrorShape {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const shapeOf = (e: unknown): AwsErrorShape => (e !== null && typeof e === 'object' ? e : {});

/** The HTTP status of an SDK error, if it got an answer. */
export function httpStatusOf(e: unknown): number | undefined {
  return shapeOf(e).$metadata?.httpStatusCode;
}

/** The SDK names its errors after the service's code (NoSuchKey, PreconditionFailed, SlowDown...). */
export function errorNameOf(e: unknown): string | undefined {
  return shapeOf(e).name;
}

/** The object (or bucket) does not exist: NoSuchKey, NotFound or a plain 404. */
export function isNotFoundAwsError(e: unknown): boolean {
  const name = errorNameOf(e);
  return name === 'NoSuchKey' || name === 'NotFound' || httpStatusOf(e) === 404;
}

/** A connection that broke or never came up: the same request may go through a moment later. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE']);
const TRANSIENT_NAMES = new Set(['SlowDown', 'TimeoutError']);

/**
 * Throttling, 5xx, timeouts and lost connections: an AWS call that failed this way may
 * succeed if made again. An EtlError is judged by its cause. Refusals (4xx: access denied,
 * no such bucket, a failed condition) are not transient.
 */
export function isTransientAwsError(e: unknown): boolean {
  if (e instanceof EtlError) return e.cause !== undefined && isTransientAwsError(e.cause);
  const err = shapeOf(e);
  if (err.$retryable) return true;
  const status = err.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || status === 429) return true;
  return TRANSIENT_NAMES.has(err.name ?? '') || NETWORK_CODES.has(err.code ?? '');
}

/**
 * The SDK made more than one attempt already (its own retry strategy), so retrying on top
 * would multiply the attempts; one attempt means it did not retry, e.g. a request whose body
 * is a stream it had already sent.
 */
export function retriedBySdk(e: unknown): boolean {
  return (shapeOf(e).$metadata?.attempts ?? 1) > 1;
}

export interface BackoffOptions {
  /** Ceiling of the first delay; it doubles with each retry. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Cap on the ceiling. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Injected by tests; default Math.random. */
  readonly random?: () => number;
}

/**
 * The wait before retry number `retry` (1 for the first): exponential with "equal jitter",
 * half the ceiling plus a random share of the other half, so concurrent callers spread out
 * but none retries at once.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const ceiling = Math.min(options.maxDelayMs ?? 5_000, (options.baseDelayMs ?? 200) * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + ((options.random ?? Math.random)() * ceiling) / 2);
}

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Whether a failure is worth another attempt. Default isTransientAwsError. */
  readonly retryIf?: (error: unknown, attempt: number) => boolean;
  /** Injected by tests; default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to log the retry. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, the failure is not worth a retry, or `attempts` are
 * spent; then the last failure is thrown as it was. `operation` gets the attempt number
 * (1 for the first). A base delay of 0 retries at once.
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  if (!Number.isSafeInteger(options.attempts) || options.attempts < 1) {
    throw new EtlError(ErrorCode.INTERNAL, t().retryNeedsAttempt({ got: String(options.attempts) }));
  }
  const retryIf = options.retryIf ?? isTransientAwsError;
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (e) {
      if (attempt >= options.attempts || !retryIf(e, attempt)) throw e;
      const delay = options.baseDelayMs === 0 ? 0 : backoffDelay(attempt, options);
      options.onRetry?.(e, attempt, delay);
      if (delay > 0) await sleep(delay);
    }
  }
}
