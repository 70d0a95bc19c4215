import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** RSS of a live process in MB, from /proc (Linux); 0 when it is gone. */
export function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * One gateway instance of the chaos run: started, killed with SIGKILL, started again under the same instance id (as
 * a supervisor would), its peak RSS sampled across all of its lives.
 */
export class ChaosProcess {
  private child?: ChildProcess;
  private stopping = false;
  peakRssMb = 0;
  kills = 0;
  starts = 0;

  constructor(readonly name: string, private readonly args: readonly string[], private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void) {}

  get alive(): boolean { return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null; }

  start(): void {
    this.starts += 1;
    const child = spawn(process.execPath, this.args, { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr?.on('data', (b: Buffer) => { tail = (tail + String(b)).slice(-4000); });
    child.on('exit', (code, signal) => {
      if (!this.stopping && signal !== 'SIGKILL' && code !== 0 && this.child === child) this.log(`${this.name} exited on its own (code ${code}, signal ${signal}):\n${tail}`);
    });
    this.child = child;
  }

  sample(): void {
    if (this.alive) this.peakRssMb = Math.max(this.peakRssMb, rssMb(this.child?.pid));
  }

  kill(): void {
    if (!this.alive) return;
    this.kills += 1;
    this.child?.kill('SIGKILL');
  }

  /** SIGTERM and wait (drains in flight work), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.stopping = true;
    const done = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }
}
