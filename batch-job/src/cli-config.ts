import { type Lang, resolveLang, setLang } from '../../common/i18n/index.js';
import { readBoolean, readChoice, readInteger, readLang, type Env } from '../../common/settings.js';
import { loadConfig, type EtlConfig } from './core/config.js';
import { COMMIT_POINTS, type CommitPoint, PARSE_THREAD_MIN_BYTES } from './core/run-etl.js';

/** Settings only the command line reads, with their defaults (also in .env.example). */
export const CLI_SETTINGS = Object.freeze({ LOCK_WAIT_SECONDS: '30', PARSE_THREAD_MIN_BYTES: String(PARSE_THREAD_MIN_BYTES) });

/** Everything `npm run etl` reads from its environment (and .env), read once at start. */
export interface CliConfig {
  /** RENTAS_LANG, else the locale (contract §7): the language of every sentence of the run. */
  readonly lang: Lang;
  readonly etl: EtlConfig;
  /** RENTAS_PROFILE=1: print each stage's seconds to stderr (the bench reads them). */
  readonly profile: boolean;
  /** LOCK_WAIT_SECONDS: how long a run waits for another run's lock on the same warehouse. */
  readonly lockWaitSeconds: number;
  /** PARSE_THREAD_MIN_BYTES: a smaller file is parsed in the main thread (starting the thread would cost more). */
  readonly parseThreadMinBytes: number;
  /** Fault injection for the crash tests (RENTAS_TEST_STOP_AT); unset in production. */
  readonly stopAt?: CommitPoint;
}

/**
 * Reads and checks the CLI's settings; a bad one throws a ConfigError naming it and what it got.
 * The language is read and set first, so that the other settings' sentences are in it (also
 * when RENTAS_LANG comes from .env).
 */
export function readCliConfig(env: Env): CliConfig {
  const lang = readLang(env) ?? resolveLang(env);
  setLang(lang);
  return Object.freeze({
    lang,
    etl: loadConfig(env),
    profile: readBoolean(env, 'RENTAS_PROFILE', false),
    lockWaitSeconds: readInteger(env, 'LOCK_WAIT_SECONDS', { min: 0, max: 86_400, fallback: Number(CLI_SETTINGS.LOCK_WAIT_SECONDS) }),
    parseThreadMinBytes: readInteger(env, 'PARSE_THREAD_MIN_BYTES', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: PARSE_THREAD_MIN_BYTES }),
    stopAt: readChoice(env, 'RENTAS_TEST_STOP_AT', COMMIT_POINTS),
  });
}
