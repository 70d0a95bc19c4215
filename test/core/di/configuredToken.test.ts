import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { runDoctor } from '../../../core/cli/commands/gateway/runDoctor.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { SecretValue } from '../../../core/vault/SecretValue.js';
import type { CredentialInfo } from '../../../core/vault/CredentialVault.js';

const NIP = '5265877635';
const silent = new Writable({ write(_c, _e, cb) { cb(); } });
const PERMISSIONS = ['InvoiceWrite', 'InvoiceRead'];

/**
 * A context whose token is configured (`credential.token: ${CFG_TOKEN}`) against a real simulator over HTTP, with
 * the vault of the data directory holding what an earlier `token add` stored (or nothing).
 */
describe('a configured token and the vault', () => {
  let sim: RunningSimulator;
  let dir: string;
  beforeAll(async () => { sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20 }); });
  afterAll(async () => { await sim.close(); });
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gw-cfg-token-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  function config(extra = ''): void {
    writeFileSync(join(dir, 'gw.yaml'), [
      `ksef: { baseUrl: "${sim.baseUrl}" }`,
      'admin: { enabled: false }',
      'contexts:',
      `  - nip: "${NIP}"`,
      `    credential: { kind: token, token: "\${CFG_TOKEN}"${extra} }`,
    ].join('\n'));
  }

  async function withApp<T>(configured: string, fn: (app: GatewayApp) => Promise<T>): Promise<T> {
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_MASTER_KEY: '', CFG_TOKEN: configured, KSEF_GATEWAY_CONFIG: '' };
    const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: silent });
    try {
      return await fn(app);
    } finally {
      await app.stop();
    }
  }

  /** What `token add` leaves: the value, its reference and permissions, authenticated once. */
  async function tokenAdded(app: GatewayApp, token: { token: string; referenceNumber: string }): Promise<CredentialInfo> {
    await app.vault.put({ contextNip: NIP, kind: 'token', secret: new SecretValue(token.token), referenceNumber: token.referenceNumber, permissions: PERMISSIONS, ksefStatus: 'Active' });
    await app.vault.recordAuthentication(NIP, 'token', new Date(Date.now() - 60_000));
    return (await app.vault.info(NIP, 'token'))!;
  }

  it('start keeps a newer token add and its metadata: the configured token does not overwrite the vault', async () => {
    config();
    const added = sim.createToken({ nip: NIP, permissions: PERMISSIONS, description: 'token add' });
    const old = sim.createToken({ nip: NIP, permissions: PERMISSIONS, description: 'in the config' });
    const before = await withApp(old.token, (app) => tokenAdded(app, added));
    await withApp(old.token, async (app) => {
      await app.start();
      const after = await app.vault.info(NIP, 'token');
      expect(after).toMatchObject({ referenceNumber: added.referenceNumber, permissions: PERMISSIONS, ksefStatus: 'Active', addedAt: before.addedAt, status: 'active' });
      expect((await app.vault.secret(NIP, 'token'))?.revealText()).toBe(added.token);
    });
  });

  it('start stores the configured token when the vault has none', async () => {
    config();
    const configured = sim.createToken({ nip: NIP, permissions: PERMISSIONS });
    await withApp(configured.token, async (app) => {
      await app.start();
      expect((await app.vault.secret(NIP, 'token'))?.revealText()).toBe(configured.token);
    });
  });

  it('start replaces the vault token with the configured one only when credential.overrideVault is set', async () => {
    config(', overrideVault: true');
    const added = sim.createToken({ nip: NIP, permissions: PERMISSIONS });
    const rotated = sim.createToken({ nip: NIP, permissions: PERMISSIONS });
    await withApp(rotated.token, (app) => tokenAdded(app, added));
    await withApp(rotated.token, async (app) => {
      await app.start();
      expect((await app.vault.secret(NIP, 'token'))?.revealText()).toBe(rotated.token);
    });
  });

  it('doctor writes nothing into an empty vault, yet checks that KSeF accepts the configured token', async () => {
    config();
    const configured = sim.createToken({ nip: NIP, permissions: PERMISSIONS });
    await withApp(configured.token, async (app) => {
      const checks = await runDoctor(app, 'gw.yaml');
      expect(checks.find((c) => c.name === `context ${NIP} credential`)).toMatchObject({ result: 'ok', detail: expect.stringContaining('the vault has none') });
      expect(checks.find((c) => c.name === `context ${NIP} authentication`)).toMatchObject({ result: 'ok' });
      expect(await app.vault.list()).toEqual([]);
    });
  });

  it('doctor leaves a stored token untouched (no recorded authentication) and warns that a different configured token is not used', async () => {
    config();
    const added = sim.createToken({ nip: NIP, permissions: PERMISSIONS });
    const other = sim.createToken({ nip: NIP, permissions: PERMISSIONS });
    const before = await withApp(other.token, (app) => tokenAdded(app, added));
    await withApp(other.token, async (app) => {
      const checks = await runDoctor(app, 'gw.yaml');
      const credential = checks.find((c) => c.name === `context ${NIP} credential`);
      expect(credential).toMatchObject({ result: 'warn', detail: expect.stringContaining('the vault\'s token is used') });
      expect(credential?.detail).not.toContain(other.token);
      expect(checks.find((c) => c.name === `context ${NIP} authentication`)).toMatchObject({ result: 'ok' });
      expect(await app.vault.info(NIP, 'token')).toEqual(before);
      expect((await app.vault.secret(NIP, 'token'))?.revealText()).toBe(added.token);
    });
  });
});
