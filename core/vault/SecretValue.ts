import { inspect } from 'node:util';

/** A secret in memory: printable nowhere (JSON, util.inspect, template strings); `reveal()` is the one way out. */
export class SecretValue {
  readonly #bytes: Buffer;

  constructor(bytes: Uint8Array | string) {
    this.#bytes = Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  }

  reveal(): Buffer {
    return Buffer.from(this.#bytes);
  }

  revealText(): string {
    return this.#bytes.toString('utf8');
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'SecretValue [redacted]';
  }
}
