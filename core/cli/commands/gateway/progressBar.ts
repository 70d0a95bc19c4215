import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  tick(by?: number): void;
  update(value: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; silent otherwise (logs, CI, pipes). */
export function progressBar(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 1) return { tick() {}, update() {}, stop() {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  bar.start(total, 0);
  let value = 0;
  return {
    tick(by = 1) { value += by; bar.update(value); },
    update(v) { value = v; bar.update(v); },
    stop() { bar.stop(); },
  };
}
