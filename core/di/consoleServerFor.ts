import type { Logger } from 'pino';
import { ConsoleServer } from '../console/ConsoleServer.js';
import type { KsefReachability } from '../admin/KsefReachability.js';
import type { ConsoleStore } from '../console/ports/ConsoleStore.js';
import type { GatewayConfig } from '../config/GatewayConfig.js';
import { credentialStatus } from '../credentials/credentialStatus.js';
import type { PipelineQueries } from '../pipeline/PipelineQueries.js';
import type { SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import { readUpo } from '../pipeline/readUpo.js';
import type { PipelineDeps } from '../pipeline/PipelineDeps.js';
import type { SubmissionService } from '../pipeline/SubmissionService.js';
import type { VaultKsefClientProvider } from '../pipeline/VaultKsefClientProvider.js';
import type { CredentialKind, CredentialVault } from '../vault/CredentialVault.js';
import type { PurchaseStore } from '../purchases/ports/PurchaseStore.js';
import { tokenAdd } from '../cli/ksef/tokenAdd.js';
import { OidcSignIn } from '../console/OidcSignIn.js';

export interface ConsoleSources {
  readonly config: GatewayConfig;
  readonly consoleStore: ConsoleStore;
  readonly store: SubmissionStore;
  readonly vault: CredentialVault;
  readonly queries: PipelineQueries;
  readonly pipelineDeps: Pick<PipelineDeps, 'store' | 'upos'>;
  readonly submissions: SubmissionService;
  readonly clients: VaultKsefClientProvider;
  readonly ksef: KsefReachability;
  readonly logger: Logger;
  /** Present when purchases are on. */
  readonly purchases?: PurchaseStore;
}

/** The console with every action wired to the services the CLI uses (`retry`, `token add`, `token revoke`, `doctor`'s check). */
export function consoleServerFor(s: ConsoleSources): ConsoleServer {
  const c = s.config.console;
  const contexts = () => s.config.contexts.map((x) => ({ nip: x.nip, name: x.name, method: x.credential.kind }));
  const methodOf = (nip: string): CredentialKind => s.config.contexts.find((x) => x.nip === nip)?.credential.kind ?? 'token';
  return new ConsoleServer({
    store: s.consoleStore,
    documents: s.store,
    upo: (doc) => readUpo(s.pipelineDeps, doc),
    retry: (id) => s.queries.retry(id),
    resubmit: async (doc, xml) => {
      // A new ERP id of the same source: the plugin gets the corrected copy's outcome, the failed one stays as it was.
      let n = 2;
      while (await s.store.getByErpId(doc.source, `${doc.erpId}#${n}`)) n += 1;
      const erpId = `${doc.erpId}#${n}`;
      const r = await s.submissions.submit(doc.source, { erpId, payload: { format: 'fa3-xml', xml: xml.toString('utf8') } });
      return { id: r.documentId, erpId, state: r.state, errors: r.errors };
    },
    contexts,
    credentials: () => credentialStatus(s.vault, { chosen: new Map(contexts().map((x) => [x.nip, x.method])) }),
    checkCredential: async (nip, kind) => {
      if (kind !== methodOf(nip)) throw new Error(`the configuration sends for ${nip} with its ${methodOf(nip)}, not this ${kind}`);
      await s.clients.release(nip);
      const client = await s.clients.client(nip);
      await client.authenticate();
      return `${nip}: KSeF accepted the ${kind}`;
    },
    revokeCredential: async (nip, kind) => {
      const info = await s.vault.info(nip, kind);
      if (!info) throw new Error(`no ${kind} stored for ${nip}`);
      let atKsef = '';
      if (kind === 'token' && info.referenceNumber && info.status === 'active') {
        const client = await s.clients.client(nip);
        await client.revokeToken(info.referenceNumber);
        atKsef = ` at KSeF (${info.referenceNumber}) and`;
      }
      await s.vault.markStatus(nip, kind, 'revoked', 'revoked in the console');
      await s.store.setContextPaused(nip, `the ${kind} was revoked in the console`, Date.now());
      await s.clients.release(nip);
      return `${nip}: ${kind} revoked${atKsef} in the vault; sending for the context is paused until a new one is added`;
    },
    // `token add`'s own service, with the gateway's KSeF endpoint: the same check, the same refusals, the same vault entry.
    addToken: async (nip, secret, o) => {
      const lines: string[] = [];
      const out = { line: (l: string) => lines.push(l), secret: () => undefined, warn: (l: string) => lines.push(`WARNING: ${l}`) };
      const r = await tokenAdd({ nip, vault: s.vault, client: (auth) => s.clients.standalone(nip, auth) }, secret, { verify: true, expiresAt: o.expiresAt }, out);
      // The pipeline's cached client is built from the old entry; the next send authenticates with the new token, and a
      // paused context resumes at the scheduler's next look at the vault (ContextGuard.refresh).
      await s.clients.release(nip);
      return { verified: r.verified, lines };
    },
    ...(s.purchases ? { purchaseSync: () => s.purchases!.cursors(), purchaseSyncBehindMinutes: s.config.notifications.rules.purchaseSyncBehindMinutes } : {}),
    ksefReachable: async () => (await s.ksef.check()).status === 'up',
    // Invoices that may be sent now without waiting: the smallest room of the send windows, shared by every instance
    // through the store's counters (Infinity with the limiter off). Unknown until this instance has a client for the context (no authentication for a view).
    rateRoom: async (nip) => {
      const client = s.clients.existing(nip);
      if (!client) return undefined;
      return (await (await client).rateRoom('invoiceSend')).room;
    },
    ...(c.oidc ? { oidc: new OidcSignIn(c.oidc) } : {}),
    options: { language: c.language, sessionMinutes: c.sessionMinutes, lockout: { attempts: c.lockout.attempts, lockMinutes: c.lockout.minutes },
      cookieSecure: c.cookieSecure, allowRemote: c.allowRemote },
    logger: s.logger.child({ area: 'console' }),
  });
}
