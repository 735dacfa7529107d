import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but the sources (`npm run test:unit`, the edit-test loop);
// `integration` runs the bundles in dist/ as processes, so its global setup builds them, and
// talks to moto_server and Chromium. `npm test` runs both, unit first.
const cores = availableParallelism();

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: {
      // The handlers' Powertools loggers stay quiet unless a test asks for their lines (or
      // LOG_LEVEL is set when running the tests).
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'SILENT',
      // The SDK's notice that it will need Node 22 from 2027, printed once per test worker on Node 20.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Sentences are pinned to one language; a test about the other language sets RENTAS_LANG itself.
      RENTAS_LANG: 'en',
      // The tests' files are tiny: they go through the parser thread as large files do (the
      // CLI's default parses a file under 1 MiB in its main thread).
      PARSE_THREAD_MIN_BYTES: '0',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // CPU-bound: one file per core (vitest's own default leaves one core idle).
          maxWorkers: Math.max(2, cores - 1),
          // Unit tests use in-memory fakes, no module mocks and no process.env changes, so the
          // files of a worker can share one module cache: the imports are paid once per worker.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          // Mostly waiting on moto_server, child processes and Chromium: more files than cores.
          maxWorkers: Math.max(4, cores),
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
