/**
 * `moto_server`, the local AWS endpoint of the integration suites, `npm run pipeline:local` and
 * the bench's Lambda mode (S3 with real bucket notifications to SQS, SQS, Batch and IAM APIs;
 * no Docker needed): finding it, starting it on a free port, knowing it answers, stopping it.
 * Buckets, queues and the Batch queue are made by fixtures.ts; queues are read by sqs.ts.
 *
 * In a test suite (tests/helpers/moto.ts):
 *
 * ```ts
 * describeE2E('index-output against moto', () => {
 *   const moto = useMoto();                 // beforeAll: start, afterAll: stop
 *   it('...', async () => {
 *     const { s3, sqs } = motoClients(moto());
 *     ...
 *   });
 * });
 * ```
 *
 * When `moto_server` is not on PATH the suites declared with `describeE2E` are skipped with
 * one console message, unless `REQUIRE_E2E=1` (CI), where they fail instead.
 *
 * ## moto quirks of the server (moto 5.2, checked by tests/integration/moto-harness.test.ts)
 *
 * The quirks of S3 and Batch resources are listed in fixtures.ts, those of SQS and S3 event
 * records in sqs.ts.
 *
 * - **Batch jobs never run.** By default moto tries Docker; without it every submitted job
 *   goes straight to `FAILED` (no `statusReason`). `startMoto` switches moto to its
 *   "simple" Batch backend (POST /moto-api/config `{"batch":{"use_docker":false}}`), where
 *   a job is `SUCCEEDED` as soon as `SubmitJob` returns; start with
 *   `{ batchJobsFail: true }` to have them `FAILED` instead
 *   (`MOTO_SIMPLE_BATCH_FAIL_AFTER=0`). Either way no state between is observable.
 * - The first Batch/IAM call on a fresh server takes 1-3 s (moto loads those backends
 *   lazily); the hook timeout of vitest.config.ts covers it.
 * - **A streamed upload takes time in the square of its size.** The SDK sends a stream body
 *   (`createReadStream`) `aws-chunked`, 64 KiB per chunk, with a CRC32 trailer, and moto
 *   rebuilds the body by appending each chunk to one bytes value: 16 MiB takes 0.7 s, 64 MiB
 *   172 s. The suites' objects are far smaller; bench-aws.ts, which puts warehouses of up to
 *   0.9 GiB, sets `AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED` (no trailer: linear).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export const MOTO_BIN = 'moto_server';

export const E2E_SKIP_MESSAGE =
  "end-to-end tests skipped: moto_server not found; install it with `pip install 'moto[server]'` and run again (CI sets REQUIRE_E2E=1)";

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Variables that point the SDK (in-process or in a child process) at this server. */
  env: Record<string, string>;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Keep moto's Docker-based Batch backend (jobs fail at once without Docker). Default false. */
  batchUsesDocker?: boolean;
  /** With the simple Batch backend, mark every submitted job FAILED instead of SUCCEEDED. */
  batchJobsFail?: boolean;
  /** How long to wait for the server to answer. Default 30 s. */
  startTimeoutMs?: number;
}

/** Is `moto_server` an executable on PATH? */
export function motoAvailable(): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, MOTO_BIN), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** Must the end-to-end suites run (REQUIRE_E2E=1), so that a missing moto_server fails them? */
export function e2eRequired(): boolean {
  return process.env.REQUIRE_E2E === '1';
}

/**
 * Whether the end-to-end suites run. False only when moto_server is missing and REQUIRE_E2E
 * is not set; when it is set they "run" and fail (see `describeE2E`).
 */
export function e2eEnabled(): boolean {
  return motoAvailable() || e2eRequired();
}

/** Asks the OS for a free TCP port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not read the probe port'))));
    });
  });
}

// The server runs under a small shell watchdog: it exits (killing moto) when this test
// process disappears, even by SIGKILL, where no 'exit' handler of ours would run.
const WATCHDOG = `
parent=$1; shift
"$@" &
child=$!
echo "moto-pid:$child"
trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT HUP
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done
kill $child 2>/dev/null
wait $child
`;

const live = new Set<ChildProcess & { motoPid?: number }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      for (const pid of [child.motoPid, child.pid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

/**
 * Spawns `moto_server -H 127.0.0.1 -p <free port>`, waits until it answers HTTP, and switches
 * Batch to moto's Docker-free backend. Retries on another port if the first one was taken
 * between the probe and the spawn.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freePort(), options);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(port: number, options: StartMotoOptions): Promise<MotoServer> {
  installExitHook();
  const endpoint = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  if (options.batchJobsFail) childEnv.MOTO_SIMPLE_BATCH_FAIL_AFTER = '0';
  const child: ChildProcess & { motoPid?: number } = spawn(
    '/bin/sh',
    ['-c', WATCHDOG, 'moto-watchdog', String(process.pid), MOTO_BIN, '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv },
  );
  live.add(child);

  // moto logs every request; the pipes must be drained or the server blocks. Keep the tail
  // for error messages.
  const tail: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      const pid = /^moto-pid:(\d+)/.exec(line);
      if (pid) child.motoPid = Number(pid[1]);
      else if (line.trim()) tail.push(line);
    }
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => live.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
    if (timedOut) {
      for (const pid of [child.motoPid, child.pid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    }
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with status ${child.exitCode} before answering on ${endpoint}:\n${tail.join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} in time:\n${tail.join('\n')}`);
    }
    ready = await answers(endpoint);
    if (!ready) await sleep(100);
  }

  if (!options.batchUsesDocker) {
    const res = await fetch(`${endpoint}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ batch: { use_docker: false } }),
    });
    if (!res.ok) {
      await stop();
      throw new Error(`moto_server refused the Batch configuration: HTTP ${res.status}`);
    }
  }

  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
    },
    stop,
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sets `env` into process.env for in-process handler calls (the SDK reads
 * AWS_ENDPOINT_URL itself), and removes AWS_PROFILE and AWS_SESSION_TOKEN, which would make
 * the SDK look for other credentials. Returns a function that restores the previous values.
 */
export function applyMotoEnv(env: Record<string, string>): () => void {
  const names = [...Object.keys(env), 'AWS_PROFILE', 'AWS_SESSION_TOKEN'];
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
