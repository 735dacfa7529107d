import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Where a peak RSS figure came from, printed with the figures so nobody compares unlike things. */
export type RssSource = 'time -v' | '/proc VmHWM' | 'none';

/** What one child process cost, as the operating system saw it. */
export interface Measurement {
  readonly wallS: number;
  /** Peak resident set size in MiB, or null when the platform gives no way to read it. */
  readonly peakRssMb: number | null;
  /** User + system CPU seconds (only with /usr/bin/time): above wallS means a second core worked. */
  readonly cpuS: number | null;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** True when GNU time is installed; it reads the child's rusage, the exact peak RSS. */
export function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The source `measure()` uses on this machine. */
export function rssSource(): RssSource {
  if (hasGnuTime()) return 'time -v';
  try {
    readFileSync('/proc/self/status');
    return '/proc VmHWM';
  } catch {
    return 'none';
  }
}

/**
 * Runs a command to completion and measures it as a whole process: wall time around the
 * spawn, peak RSS and CPU from `/usr/bin/time -v` (written to its own file so the child's
 * stderr stays clean). Without GNU time, the peak comes from polling `/proc/<pid>/status`
 * VmHWM, a high-water mark, so a sample taken late still holds the peak.
 */
export async function measure(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Measurement> {
  const gnuTime = hasGnuTime();
  const scratch = await mkdtemp(join(tmpdir(), 'rentas-bench-time-'));
  const timeFile = join(scratch, 'time.txt');
  try {
    const [file, argv] = gnuTime ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, [...args]];
    const started = performance.now();
    const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    let polledKb = 0;
    const poll = gnuTime || child.pid === undefined ? undefined : setInterval(() => {
      polledKb = Math.max(polledKb, vmHwmKb(child.pid!) ?? 0);
    }, 20);
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    const wallS = (performance.now() - started) / 1000;
    if (poll) clearInterval(poll);
    const base = { wallS, exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
    if (!gnuTime) return { ...base, peakRssMb: polledKb > 0 ? polledKb / 1024 : null, cpuS: null };
    const report = await readFile(timeFile, 'utf8');
    const kb = field(report, 'Maximum resident set size (kbytes)');
    const user = field(report, 'User time (seconds)');
    const system = field(report, 'System time (seconds)');
    return {
      ...base,
      peakRssMb: kb === undefined ? null : kb / 1024,
      cpuS: user === undefined || system === undefined ? null : user + system,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function field(report: string, label: string): number | undefined {
  const line = report.split('\n').find((l) => l.trim().startsWith(`${label}:`));
  const value = line ? Number(line.slice(line.indexOf(':') + 1).trim()) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

function vmHwmKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // the process has just exited
  }
}
