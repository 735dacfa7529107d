/**
 * moto_server for the test suites: `describeE2E` skips (or, with REQUIRE_E2E=1, fails) when
 * moto_server is missing; `useMoto` starts one per suite. The rest is shared with
 * `npm run pipeline:local` and re-exported here: the server's process
 * (scripts/local-aws/moto-process.ts), clients and resources (fixtures.ts) and queue readers
 * (sqs.ts); their headers list the moto quirks these suites rely on.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { E2E_SKIP_MESSAGE, e2eRequired, motoAvailable, type MotoServer, startMoto, type StartMotoOptions } from '../../scripts/local-aws/moto-process.js';

export * from '../../scripts/local-aws/fixtures.js';
export * from '../../scripts/local-aws/moto-process.js';
export * from '../../scripts/local-aws/sqs.js';

let skipNoticePrinted = false;

/**
 * `describe` for suites that need moto_server. Without moto_server: skipped with one clear
 * console message, or, when REQUIRE_E2E=1, replaced by a failing test so CI cannot pass
 * silently without its end-to-end tests.
 */
export function describeE2E(name: string, body: () => void): void {
  if (motoAvailable()) {
    describe(name, body);
    return;
  }
  if (e2eRequired()) {
    describe(name, () => {
      it('needs moto_server on PATH', () => {
        throw new Error(`REQUIRE_E2E=1 but moto_server was not found on PATH; install it with \`pip install 'moto[server]'\`.`);
      });
    });
    return;
  }
  if (!skipNoticePrinted) {
    skipNoticePrinted = true;
    console.warn(E2E_SKIP_MESSAGE);
  }
  describe.skip(name, body);
}

/**
 * Starts moto_server for the enclosing suite (beforeAll) and stops it (afterAll). Returns a
 * getter, since the server exists only once beforeAll has run.
 */
export function useMoto(options: StartMotoOptions = {}): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    if (!motoAvailable()) throw new Error('moto_server was not found on PATH.');
    server = await startMoto(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('moto_server is not started: call useMoto() inside a describe block.');
    return server;
  };
}

