import { afterAll, beforeAll } from 'vitest';

export type LogLine = Record<string, unknown>;

/**
 * Holds back the JSON log lines that handlers running in this process write (Powertools writes
 * to process.stdout/stderr) for the enclosing suite, so a test can assert on them and they do
 * not fill the test output; any other output passes through. The handlers' loggers must log at
 * the level the test checks: set LOG_LEVEL before they are imported (`vi.hoisted`).
 */
export function useLogLines(): { during<T>(act: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> } {
  const held: LogLine[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tap = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const lines = String(chunk).split('\n').filter((l) => l !== '');
      if (lines.length > 0 && lines.every((l) => l.startsWith('{"level"'))) {
        for (const line of lines) held.push(JSON.parse(line) as LogLine);
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
  beforeAll(() => {
    process.stdout.write = tap(originals.out);
    process.stderr.write = tap(originals.err);
  });
  afterAll(() => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  });
  return {
    /** Runs `act` and returns the log lines written while it ran. */
    async during(act) {
      const from = held.length;
      const result = await act();
      return { result, lines: held.slice(from) };
    },
  };
}
