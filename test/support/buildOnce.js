// Jest's globalSetup: the tests that run the built CLI (dist/) find it built, once, before any worker starts. Built
// by each such test instead, two workers would build at once and one could run a half-written dist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export default function buildOnce() {
  const bin = JSON.parse(readFileSync('package.json', 'utf8')).bin['ksef-gateway'];
  if (!existsSync(bin)) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
