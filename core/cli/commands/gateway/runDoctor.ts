import { accessSync, constants } from 'node:fs';
import type { GatewayApp } from '../../../di/GatewayApp.js';
import { gatewayFiles } from '../../../di/compositionRoot.js';
import { TOKENS } from '../../../di/tokens.js';
import { checkCredential } from '../../../credentials/checkCredential.js';
import { GatewayError } from '../../../errors/GatewayError.js';
import type { CredentialInfo } from '../../../vault/CredentialVault.js';
import { isUnverified } from '../../../vault/credentialStatusLabel.js';
import { KSEF_BASE_URLS } from '../../../ksef/types/KsefEnvironment.js';
import { probeKsef } from '../../../admin/KsefReachability.js';
import { KSEF_CLIENT_PROVIDER } from '../../../pipeline/ports/KsefClientProvider.js';
import type { VaultKsefClientProvider } from '../../../pipeline/VaultKsefClientProvider.js';
import type { AuthMethod } from '../../../ksef/auth/AuthMethod.js';
import { KsefTokenAuth } from '../../../ksef/auth/KsefTokenAuth.js';
import { configuredTokenIgnored, configuredTokenUse } from '../../../credentials/configuredTokenUse.js';

export interface DoctorCheck {
  readonly name: string;
  readonly result: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** For a failure: what kind of problem, which decides the exit code. */
  readonly kind?: 'config' | 'transient' | 'system';
}

async function attempt(name: string, fn: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, result: 'ok', detail: await fn() };
  } catch (err) {
    const kind = GatewayError.is(err) && err.kind !== 'data' ? err.kind : 'config';
    // A config error lists its issues on separate lines; in a table row they go side by side.
    const issues = GatewayError.is(err) ? err.details?.issues : undefined;
    const detail = Array.isArray(issues) ? issues.join('; ') : (err as Error).message;
    return { name, result: 'fail', detail, kind };
  }
}

/** A stored token KSeF has never accepted is a warning, whatever else is fine about it. */
function unverifiedAsWarning(info: CredentialInfo | undefined, check: DoctorCheck): DoctorCheck {
  if (check.result !== 'ok' || !info || !isUnverified(info)) return check;
  return { ...check, result: 'warn', detail: `${check.detail}; unverified: KSeF has not accepted it yet` };
}

/**
 * `doctor`: configuration, data directory, schemas, store, vault, KSeF reachability, and per context that the
 * token authenticates and carries the permission to send. Never prints a secret, and writes nothing: no credential
 * is stored, replaced or marked (the token `start` would use is the one checked).
 */
export async function runDoctor(app: GatewayApp, configSource: string): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [{ name: 'config', result: 'ok', detail: configSource }];
  const files = gatewayFiles(app.config);
  // Plugin options are checked as `start` checks them (every level strict), without creating a plugin.
  const plugins = await attempt('plugins', async () => {
    await app.plugins.checkEntries(app.config.plugins);
    return app.config.plugins.map((p) => `${p.id} (${p.use})`).join(', ') || 'none configured';
  });
  checks.push(plugins);
  // Plugins that can reach their ERP without starting (an SAP system over RFC, say) try it; none is started.
  if (plugins.result === 'ok' && app.config.plugins.length > 0) {
    const created = await attempt('plugins created', async () => { await app.plugins.load(app.config.plugins); return 'every instance'; });
    if (created.result !== 'ok') checks.push(created);
    else {
      for (const [id, health] of Object.entries(await app.plugins.diagnose())) {
        checks.push({ name: `plugin ${id}`, detail: health.detail ?? health.status,
          ...(health.status === 'up' ? { result: 'ok' } : health.status === 'degraded' ? { result: 'warn' } : { result: 'fail', kind: 'transient' }) });
      }
    }
  }
  checks.push(await attempt('data directory', async () => { accessSync(files.dataDir, constants.W_OK); return files.dataDir; }));
  const schemas = app.container.get(TOKENS.Fa3Schemas);
  checks.push(schemas.dir === null ? { name: 'FA(3) schemas', result: 'warn', detail: 'not installed: business rules only; run `ksef-gateway schemas install`' }
    : await attempt('FA(3) schemas', async () => { await schemas.xsd(); return 'XSD compiled'; }));
  checks.push(await attempt('store', async () => {
    const counts = await app.store.countsByState();
    return `${app.container.get(TOKENS.StoreDescription)} (${counts.reduce((n, c) => n + c.count, 0)} documents)`;
  }));
  const vaultWhere = app.config.store.kind === 'postgres' ? app.container.get(TOKENS.StoreDescription) : files.vault;
  checks.push(await attempt('vault', async () => `${vaultWhere} (${(await app.vault.list()).length} credentials)`));
  const endpoint = app.container.get(TOKENS.KsefEndpoint);
  const base = endpoint.kind === 'url' ? endpoint.baseUrl : KSEF_BASE_URLS[endpoint.environment];
  const reachable = await attempt('KSeF reachable', async () => {
    const probe = await probeKsef(base);
    if (!probe.ok) throw new GatewayError('GW_DOCTOR_KSEF_UNREACHABLE', 'transient', probe.reason);
    return `${base}${endpoint.kind === 'url' && endpoint.simulator ? ' (in-process simulator)' : ''}`;
  });
  checks.push(reachable);
  // Read-only from here: nothing is put into the vault, and a successful authentication is not recorded there.
  const contexts = app.contexts();
  if (contexts.length === 0) checks.push({ name: 'contexts', result: 'fail', kind: 'config', detail: 'no context configured (contexts: [{ nip }] or KSEF_NIP)' });
  const provider = app.container.get(KSEF_CLIENT_PROVIDER) as VaultKsefClientProvider;
  for (const nip of contexts) {
    const chosen = app.config.contexts.find((c) => c.nip === nip)?.credential;
    let auth: AuthMethod | undefined;
    let what: string = chosen?.kind ?? 'token';
    if (chosen?.kind === 'certificate') {
      // Certificate contexts: present, active, readable, not expired (core/credentials/checkCredential).
      checks.push({ name: `context ${nip} credential`, ...await checkCredential(app.vault, nip, 'certificate') });
    } else {
      const configured = chosen?.token;
      const use = configured === undefined ? undefined : await configuredTokenUse(app.vault, nip, configured, chosen?.overrideVault === true);
      if (configured !== undefined && (use?.kind === 'store' || use?.kind === 'replace')) {
        auth = new KsefTokenAuth(configured);
        what = 'configured token';
        checks.push({ name: `context ${nip} credential`, result: 'ok', detail: use.kind === 'store'
          ? 'token from configuration (the vault has none; start stores it there)'
          : `token from configuration; start replaces the vault's token ${use.stored.referenceNumber ?? '(reference unknown)'} (overrideVault)` });
      } else if (app.simulator && !(await app.vault.info(nip, 'token'))) {
        // The in-process simulator: start creates the demo token; a throwaway one proves authentication works.
        auth = new KsefTokenAuth(app.simulator.createToken({ nip, permissions: ['InvoiceWrite', 'InvoiceRead'], description: 'ksef-gateway doctor' }).token);
        what = 'simulator token';
        checks.push({ name: `context ${nip} credential`, result: 'ok', detail: 'none stored yet: start creates a demo token on the in-process simulator' });
      } else {
        const check = unverifiedAsWarning(await app.vault.info(nip, 'token').catch(() => undefined), await attempt(`context ${nip} credential`, async () => {
          const info = await app.vault.info(nip, 'token');
          if (!info) throw new GatewayError('GW_DOCTOR_NO_TOKEN', 'config', `no KSeF token for ${nip} (token add, or KSEF_TOKEN)`);
          if (info.status !== 'active') throw new GatewayError('GW_DOCTOR_TOKEN_UNUSABLE', 'config', `token ${info.referenceNumber ?? ''} is ${info.status}${info.statusReason ? `: ${info.statusReason}` : ''}`);
          if (info.permissions.length > 0 && !info.permissions.includes('InvoiceWrite')) {
            throw new GatewayError('GW_DOCTOR_PERMISSION', 'config', `token lacks InvoiceWrite (has ${info.permissions.join(', ')})`);
          }
          return `token ${info.referenceNumber ?? '(reference unknown)'}, permissions ${info.permissions.join(', ') || 'unknown'}`;
        }));
        checks.push(use?.kind === 'vault-wins' && check.result === 'ok'
          ? { ...check, result: 'warn', detail: `${check.detail}; ${configuredTokenIgnored(nip, use.stored)}` } : check);
        if (check.result === 'fail') continue;
      }
    }
    if (reachable.result !== 'ok') continue;
    checks.push(await attempt(`context ${nip} authentication`, async () => {
      await provider.checkAuthentication(nip, auth);
      return `KSeF accepted the ${what}`;
    }));
  }
  return checks;
}
