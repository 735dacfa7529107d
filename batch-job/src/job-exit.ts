import { ErrorCode, EtlError, isIoFault } from '../../common/errors.js';
import { isTransientAwsError } from '../../common/retry.js';

/**
 * Exit statuses read by the job definition's retry strategy: 0 the manifest is written (a
 * file rejected whole is reported there as `partial`, not as a failed job, so consumers get
 * one notification per batch), 2 bad settings or input (no retry), 75 (EX_TEMPFAIL) a
 * transient failure worth a retry.
 */
export const JobExit = { OK: 0, PERMANENT: 2, TRANSIENT: 75 } as const;

/**
 * Throttling, 5xx, lost connections, a lost warehouse race and a fault of the machine (disk
 * full, EIO, too many open files) can succeed on a new attempt, on another container.
 */
export function isTransient(e: unknown): boolean {
  return (e instanceof EtlError && e.code === ErrorCode.WAREHOUSE_CONTENTION) || isIoFault(e) || isTransientAwsError(e);
}

/** The exit status of a job whose run threw `e`. */
export function jobExitFor(e: unknown): (typeof JobExit)[keyof typeof JobExit] {
  return isTransient(e) ? JobExit.TRANSIENT : JobExit.PERMANENT;
}
