import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/etl.js';

const dockerfile = readFileSync('batch-job/Dockerfile', 'utf8');
const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));

describe('the Batch job image (batch-job/Dockerfile)', () => {
  it('builds in two stages and runs as a non-root user with the command of the job definition', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim AS build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/job\.js"\]$/m);
    expect(readFileSync('template.yaml', 'utf8')).toMatch(/Command:\s*\n\s*- node\s*\n\s*- dist\/job\.js/);
  });

  it('bundles the job from exactly the files the Dockerfile copies', () => {
    // No Docker engine here: rebuild the image's build context by hand and run its build step.
    const context = tempDir('image-');
    for (const path of copies) {
      mkdirSync(dirname(join(context, path)), { recursive: true });
      cpSync(path, join(context, path), { recursive: true });
    }
    symlinkSync(resolve('node_modules'), join(context, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--only', 'job,parse-worker,export-worker'], { cwd: context });
    const run = spawnSync(process.execPath, ['dist/job.js'], { cwd: context, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('BATCH_ID is not set: expected the id of the batch to load');
  });
});
