import { Logger } from '@aws-lambda-powertools/logger';
import { printableJsonReplacer } from './safe-text.js';
import { readChoice, type Env } from './settings.js';

/** The levels Powertools knows; the template offers DEBUG, INFO, WARN and ERROR. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL, checked: an unknown level fails with one sentence instead of being ignored. */
export function readLogLevel(env: Env): LogLevel {
  return readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'INFO');
}

/**
 * One structured JSON logger per process (Powertools). Entry points append `batchId`,
 * `jobId` and `key` as correlation keys so one batch can be followed from upload to
 * notification; the ETL core never logs. Every string value of a line (messages, keys, error
 * sentences, stack traces) goes through `printable`, so that data from a file or a key (a
 * batch id, a brand) cannot drive the terminal that tails the log; the JSON keeps its shape.
 */
export function createLogger(serviceName: string, logLevel: LogLevel = readLogLevel(process.env)): Logger {
  return new Logger({ serviceName, logLevel, jsonReplacerFn: printableJsonReplacer });
}
