import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// cfn-lint is a Python tool, so this check lives with the suites that run other programs;
// .ci/run also runs it on its own.
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

describe('template.yaml', () => {
  it.skipIf(!hasCfnLint)(
    hasCfnLint ? 'passes cfn-lint with no error or warning' : 'passes cfn-lint (skipped: cfn-lint is not on PATH; pip install cfn-lint)',
    () => {
      const run = spawnSync('cfn-lint', ['template.yaml'], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
      expect(run.status).toBe(0);
    },
  );
});
