import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { GatewayError } from '../errors/GatewayError.js';
import type { NotificationsConfig } from '../config/notificationsConfig.js';
import { credentialStatus } from '../credentials/credentialStatus.js';
import type { EventOutbox } from '../events/ports/EventOutbox.js';
import type { SubmissionStore } from '../pipeline/ports/SubmissionStore.js';
import type { PluginRecordStore } from '../plugins/ports/PluginRecordStore.js';
import type { PurchaseStore } from '../purchases/ports/PurchaseStore.js';
import type { CredentialVault } from '../vault/CredentialVault.js';
import type { ConditionSources } from './alertRules.js';
import type { AlertChannel } from './channels/AlertChannel.js';
import { EmailChannel } from './channels/EmailChannel.js';
import { WebhookChannel } from './channels/WebhookChannel.js';
import { Notifications } from './Notifications.js';

/** The records scope of the notifications: no plugin instance id can take it (ids are plain names). */
export const NOTIFICATIONS_SCOPE = '@gateway/notifications';

export interface NotificationParts {
  readonly config: NotificationsConfig;
  readonly store: SubmissionStore;
  readonly vault: CredentialVault;
  readonly events: EventOutbox;
  readonly wakeEvents: () => void;
  readonly records: PluginRecordStore;
  /** Present when purchases are on: the sync-behind rule watches its cursors. */
  readonly purchases?: PurchaseStore;
  readonly gateway: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** The configured channels (none configured: none). A CA file that cannot be read is a config error, named. */
export function alertChannels(config: NotificationsConfig): AlertChannel[] {
  return [
    ...(config.email ? [new EmailChannel(config.email, config.email.caFile ? { ca: readCaFile(config.email.caFile) } : {})] : []),
    ...(config.webhook ? [new WebhookChannel(config.webhook)] : []),
  ];
}

function readCaFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GatewayError('GW_NOTIFY_CA_FILE', 'config', `notifications.email.caFile: ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { location: 'notifications.email.caFile', cause: e });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new GatewayError('GW_NOTIFY_CA_FILE', 'config', `notifications.email.caFile: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      { location: 'notifications.email.caFile' });
  }
  return text;
}

export function createNotifications(p: NotificationParts, channels: readonly AlertChannel[] = alertChannels(p.config)): Notifications {
  const sources = (now: number): ConditionSources => ({
    now, rules: p.config.rules,
    paused: () => p.store.pausedContexts(),
    credentials: () => p.vault.list(),
    certificates: async () => (await credentialStatus(p.vault, { now: new Date(now) })).flatMap((r): { contextNip: string; kind: 'token' | 'certificate'; notAfter: string; daysLeft: number }[] => (r.certificate
      ? [{ contextNip: r.contextNip, kind: 'certificate' as const, notAfter: r.certificate.expiry.notAfter, daysLeft: r.certificate.expiry.daysLeft }]
      // A token refused or revoked has its own alert (credential-refused); its stated end no longer matters.
      : r.tokenExpiry && r.status === 'active' ? [{ contextNip: r.contextNip, kind: 'token' as const, notAfter: r.tokenExpiry.notAfter, daysLeft: r.tokenExpiry.daysLeft }] : [])),
    queue: () => p.store.queueSummary(now),
    recentEvents: async () => (await p.events.recent(5_000)).filter((e) => e.createdAt >= now - 7 * 86_400_000),
    isDelivered: async (id) => (await p.store.get(id))?.state === 'delivered',
    ...(p.purchases ? { purchaseCursors: () => p.purchases!.cursors() } : {}),
  });
  return new Notifications({
    config: p.config, storage: p.records.scoped(NOTIFICATIONS_SCOPE), sources, channels, events: p.events, wakeEvents: p.wakeEvents,
    gateway: p.gateway, logger: p.logger, ...(p.now ? { now: p.now } : {}),
  });
}
