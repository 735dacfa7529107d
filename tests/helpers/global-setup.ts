import { execFileSync } from 'node:child_process';

/** Tests that spawn the CLI or the Batch job run the bundles in dist/: build them once. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
