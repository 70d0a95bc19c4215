import type { Logger } from 'pino';
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

/** The configured channels (none configured: none). */
export function alertChannels(config: NotificationsConfig): AlertChannel[] {
  return [
    ...(config.email ? [new EmailChannel(config.email)] : []),
    ...(config.webhook ? [new WebhookChannel(config.webhook)] : []),
  ];
}

export function createNotifications(p: NotificationParts, channels: readonly AlertChannel[] = alertChannels(p.config)): Notifications {
  const sources = (now: number): ConditionSources => ({
    now, rules: p.config.rules,
    paused: () => p.store.pausedContexts(),
    credentials: () => p.vault.list(),
    certificates: async () => (await credentialStatus(p.vault, { now: new Date(now) }))
      .flatMap((r) => (r.certificate ? [{ contextNip: r.contextNip, notAfter: r.certificate.expiry.notAfter, daysLeft: r.certificate.expiry.daysLeft }] : [])),
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
