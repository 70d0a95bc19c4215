import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCredentialVault } from '../../../../adapters/vault/SqliteCredentialVault.js';
import { KsefClient } from '../../../../core/ksef/KsefClient.js';
import { tokenAdd, tokenShape } from '../../../../core/cli/ksef/tokenAdd.js';
import type { TokenOutput } from '../../../../core/cli/ksef/tokenCommands.js';
import { SecretValue } from '../../../../core/vault/SecretValue.js';

const NIP = '5265877635';
const TOKEN = `20261125-EC-0000000001-0000000001-01|nip-${NIP}|${'cd'.repeat(32)}`;
let dir: string;
let vault: SqliteCredentialVault;
let lines: string[];
const out: TokenOutput = { line: (l) => lines.push(l), secret: () => { throw new Error('token add never prints a value'); } };

/** A loopback port with nothing listening: KSeF unreachable. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ksef-token-add-'));
  vault = new SqliteCredentialVault(join(dir, 'vault.sqlite'), Buffer.alloc(32, 7));
  lines = [];
});

afterEach(async () => {
  await vault.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokenAdd', () => {
  it('reads reference number and context from the KSeF token shape', () => {
    expect(tokenShape(TOKEN)).toEqual({ referenceNumber: '20261125-EC-0000000001-0000000001-01', contextNip: NIP });
    expect(tokenShape('opaque-value')).toEqual({});
  });

  it('with --no-verify stores the token unverified, with its reference number', async () => {
    const r = await tokenAdd({ nip: NIP, vault }, new SecretValue(TOKEN), { verify: false }, out);
    expect(r.verified).toBe(false);
    expect(await vault.info(NIP, 'token')).toMatchObject({ referenceNumber: '20261125-EC-0000000001-0000000001-01', status: 'active' });
    expect((await vault.secret(NIP, 'token'))!.revealText()).toBe(TOKEN);
    expect(lines.join('\n')).toContain('not verified (--no-verify)');
    expect(lines.join('\n')).not.toContain('cd'.repeat(32));
  });

  it('warns loudly when it stores a token unverified, and again when the value does not have the shape of a KSeF token', async () => {
    const warnings: string[] = [];
    const warnOut: TokenOutput = { ...out, warn: (w) => warnings.push(w) };
    await tokenAdd({ nip: NIP, vault }, new SecretValue('x'), { verify: true }, warnOut);
    expect(warnings).toEqual([
      expect.stringMatching(/^the token of context 5265877635 was stored WITHOUT verification: no KSeF endpoint is configured.*"unverified"/),
      expect.stringMatching(/does not look like a KSeF token/),
    ]);
    expect(warnings.join()).not.toMatch(/\bx\b(?! KSeF)/);
  });

  it('refuses a token of another context and stores nothing', async () => {
    await expect(tokenAdd({ nip: '1111111111', vault }, new SecretValue(TOKEN), { verify: false }, out))
      .rejects.toThrow(`The token belongs to context ${NIP}, not 1111111111; nothing stored`);
    expect(await vault.list()).toEqual([]);
  });

  it('stores the token unverified when KSeF is unreachable, and says so', async () => {
    const port = await closedPort();
    const client = (auth: ConstructorParameters<typeof KsefClient>[0]['auth']) =>
      new KsefClient({ baseUrl: `http://127.0.0.1:${port}/v2`, contextNip: NIP, auth, retry: { maxAttempts: 1 } });
    const r = await tokenAdd({ nip: NIP, vault, client }, new SecretValue(TOKEN), { verify: true }, out);
    expect(r.verified).toBe(false);
    expect(lines.join('\n')).toMatch(/not verified: KSeF could not check it now \(GW_/);
    expect(await vault.info(NIP, 'token')).toMatchObject({ status: 'active', lastAuthenticatedAt: undefined });
  });
});
