import { readBoolean, type Env } from '../../common/settings.js';
import { loadConfig, type EtlConfig } from './core/config.js';

/** Everything `npm run etl` reads from its environment (and .env), read once at start. */
export interface CliConfig {
  readonly etl: EtlConfig;
  /** RENTAS_PROFILE=1: print each stage's seconds to stderr (the bench reads them). */
  readonly profile: boolean;
}

/** Reads and checks the CLI's settings; a bad one throws a ConfigError naming it and what it got. */
export function readCliConfig(env: Env): CliConfig {
  return Object.freeze({ etl: loadConfig(env), profile: readBoolean(env, 'RENTAS_PROFILE', false) });
}
