import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceId } from '../../../core/config/instanceId.js';

describe('instanceId', () => {
  it('creates an id once in the data directory and returns the same one after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-instance-'));
    const first = instanceId(dir);
    expect(first).toMatch(/^[A-Za-z0-9._-]+-[0-9a-f]{8}$/);
    expect(readFileSync(join(dir, 'instance-id'), 'utf8').trim()).toBe(first);
    expect(instanceId(dir)).toBe(first);
    expect(statSync(join(dir, 'instance-id')).isFile()).toBe(true);
  });

  it('prefers the configured name and gives separate data directories separate ids', () => {
    const a = mkdtempSync(join(tmpdir(), 'gw-instance-'));
    const b = mkdtempSync(join(tmpdir(), 'gw-instance-'));
    expect(instanceId(a, 'gw-1')).toBe('gw-1');
    expect(instanceId(a)).not.toBe(instanceId(b));
  });
});
