import type { Logger } from 'pino';
import type { NotificationsConfig } from '../config/notificationsConfig.js';
import type { EventOutbox } from '../events/ports/EventOutbox.js';
import type { PluginStorage } from '../plugin-api/PluginStorage.js';
import type { AlertItem } from './AlertCondition.js';
import { AlertEpisodes, type Announcement } from './AlertEpisodes.js';
import { AlertOutbox } from './AlertOutbox.js';
import { collectConditions, type ConditionSources } from './alertRules.js';
import type { AlertChannel } from './channels/AlertChannel.js';
import { renderAlerts } from './renderAlerts.js';

export interface NotificationsDeps {
  readonly config: NotificationsConfig;
  /** Where episodes and unsent lines are kept (the store's records, scoped to the notifications). */
  readonly storage: PluginStorage;
  readonly sources: (now: number) => ConditionSources;
  readonly channels: readonly AlertChannel[];
  /** Alerts for notifier plugins and adapters' onEvent go through the events outbox (when `config.plugins`). */
  readonly events: EventOutbox;
  readonly wakeEvents: () => void;
  /** The gateway's name in messages (its instance id). */
  readonly gateway: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * The notification rules at work: every `checkSeconds` the conditions are evaluated against the store, episodes are
 * opened and resolved, and their announcements are stored per channel and sent grouped (docs/notifications.md).
 */
export class Notifications {
  readonly episodes: AlertEpisodes;
  readonly outbox: AlertOutbox;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private readonly now: () => number;

  constructor(private readonly deps: NotificationsDeps) {
    this.now = deps.now ?? Date.now;
    this.episodes = new AlertEpisodes(deps.storage);
    this.outbox = new AlertOutbox(deps.storage, deps.channels, {
      minIntervalMs: deps.config.minIntervalMinutes * 60_000, digestHour: deps.config.digestHour, gateway: deps.gateway,
    }, deps.logger);
  }

  /** One evaluation and send round. */
  async runOnce(): Promise<void> {
    const now = this.now();
    const conditions = await collectConditions(this.deps.sources(now));
    const announcements = await this.episodes.reconcile(conditions, now);
    if (announcements.length > 0) {
      await this.outbox.enqueue(announcements, now);
      if (this.deps.config.plugins) await this.toPlugins(announcements, now);
      await this.episodes.announced(announcements);
    }
    await this.outbox.sendDue(now);
  }

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.running = this.runOnce().catch((err: unknown) => this.deps.logger.error({ err }, 'notification round failed; tried again at the next one'))
        .finally(() => { if (!this.stopped) { this.timer = setTimeout(tick, this.deps.config.checkSeconds * 1000); this.timer.unref(); } });
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    for (const c of this.deps.channels) await c.close?.();
  }

  /** `notify test`: a test message straight to every channel (not through the outbox); what each answered. */
  async sendTest(): Promise<{ channel: string; ok: boolean; error?: string }[]> {
    const now = this.now();
    const item: AlertItem = { kind: 'test', rule: 'test', title: `Test message from ksef-gateway ${this.deps.gateway}: this channel works.`,
      action: 'Nothing; alerts will arrive here.', at: now, urgent: false };
    const results: { channel: string; ok: boolean; error?: string }[] = [];
    for (const channel of this.deps.channels) {
      try {
        await channel.send(renderAlerts([item], this.deps.gateway), `alert_test_${now}`);
        results.push({ channel: channel.id, ok: true });
      } catch (err) {
        results.push({ channel: channel.id, ok: false, error: (err as Error).message });
      }
    }
    if (this.deps.config.plugins) {
      await this.toPlugins([{ key: `test/${now}`, item }], now);
      results.push({ channel: 'plugins', ok: true });
    }
    return results;
  }

  private async toPlugins(announcements: readonly Announcement[], now: number): Promise<void> {
    for (const { key, item } of announcements) {
      await this.deps.events.append({
        type: item.kind === 'resolved' ? 'alert-resolved' : 'alert-raised', at: new Date(item.at).toISOString(), rule: item.rule,
        ...(item.contextNip ? { contextNip: item.contextNip } : {}), message: item.action ? `${item.title} What to do: ${item.action}` : item.title,
      }, { now, dedupeKey: `alert/${key}` });
    }
    this.deps.wakeEvents();
  }
}
