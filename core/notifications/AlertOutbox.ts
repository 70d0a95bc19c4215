import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { PluginStorage } from '../plugin-api/PluginStorage.js';
import { backoff } from '../pipeline/PipelineOptions.js';
import type { AlertItem } from './AlertCondition.js';
import type { Announcement } from './AlertEpisodes.js';
import type { AlertChannel } from './channels/AlertChannel.js';
import { renderAlerts } from './renderAlerts.js';

interface Queued {
  readonly item: AlertItem;
  readonly attempts: number;
  readonly lastError?: string;
}

interface ChannelState {
  readonly lastSentAt: number;
}

export interface AlertOutboxOptions {
  /** At most one message per channel in this time; what waits meanwhile goes out together. */
  readonly minIntervalMs: number;
  readonly digestHour: number;
  /** The gateway's name in subjects (instance id). */
  readonly gateway: string;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

const LEASE_MS = 120_000;
const SENT_KEPT_MS = 7 * 86_400_000;

/**
 * Per channel, the alert lines not yet sent, in the store: stored once per announcement key, sent grouped (everything
 * due in one message), at most once per `minIntervalMs`, retried with backoff, and marked sent only once the channel took
 * them. A channel with `digest` gets its non-urgent lines once a day at `digestHour`.
 */
export class AlertOutbox {
  constructor(private readonly storage: PluginStorage, private readonly channels: readonly AlertChannel[],
    private readonly o: AlertOutboxOptions, private readonly logger: Logger) {}

  async enqueue(announcements: readonly Announcement[], now: number): Promise<void> {
    for (const channel of this.channels) {
      for (const a of announcements) {
        const due = channel.digest && !a.item.urgent ? nextDigest(now, this.o.digestHour) : now;
        await this.storage.insert<Queued>(`outbox:${channel.id}`, a.key, { item: a.item, attempts: 0 }, { dueAt: due });
      }
    }
  }

  /** Sends what is due on every channel; returns how many messages went out. */
  async sendDue(now: number): Promise<number> {
    let sent = 0;
    await this.storage.purgeExpired(now);
    for (const channel of this.channels) {
      const state = await this.storage.get<ChannelState>('channels', channel.id);
      // Rate limit, except for what stops invoices (a refused credential, a paused context): that goes at once.
      if (state && now - state.value.lastSentAt < this.o.minIntervalMs && !(await this.urgentDue(channel.id, now))) continue;
      const due = await this.storage.claimDue<Queued>(`outbox:${channel.id}`, now, 200, LEASE_MS);
      if (due.length === 0) continue;
      const id = `alert_${createHash('sha256').update(due.map((d) => d.key).join('\n')).digest('base64url').slice(0, 24)}`;
      try {
        await channel.send(renderAlerts(due.map((d) => d.value.item), this.o.gateway), id);
      } catch (err) {
        const attempts = Math.max(...due.map((d) => d.value.attempts)) + 1;
        const retryAt = now + backoff(attempts - 1, this.o.retryBaseMs ?? 30_000, this.o.retryMaxMs ?? 30 * 60_000);
        for (const d of due) {
          await this.storage.update<Queued>(`outbox:${channel.id}`, d.key, { ...d.value, attempts, lastError: (err as Error).message.slice(0, 300) },
            { dueAt: retryAt });
        }
        this.logger.warn({ channel: channel.id, lines: due.length, attempts, err }, 'alert not sent; kept and retried later');
        continue;
      }
      // Kept a week as sent (no due time): another instance storing the same announcement late finds it and adds none.
      for (const d of due) await this.storage.update(`outbox:${channel.id}`, d.key, d.value, { dueAt: null, expiresAt: now + SENT_KEPT_MS });
      if (!(await this.storage.insert<ChannelState>('channels', channel.id, { lastSentAt: now }))) {
        await this.storage.update<ChannelState>('channels', channel.id, { lastSentAt: now });
      }
      this.logger.info({ channel: channel.id, lines: due.length, messageId: id }, 'alert sent');
      sent += 1;
    }
    return sent;
  }

  private async urgentDue(channel: string, now: number): Promise<boolean> {
    return (await this.storage.list<Queued>(`outbox:${channel}`, { limit: 500 }))
      .some((r) => r.value.item.urgent && r.value.attempts === 0 && (r.dueAt ?? Infinity) <= now);
  }

  /** Lines waiting per channel (for `status` and tests). */
  async waiting(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of this.channels) {
      out[c.id] = (await this.storage.list(`outbox:${c.id}`, { limit: 1000 })).filter((r) => r.dueAt !== undefined).length;
    }
    return out;
  }
}

/** The next `hour`:00 local time after `now`. */
export function nextDigest(now: number, hour: number): number {
  const d = new Date(now);
  d.setHours(hour, 0, 0, 0);
  if (d.getTime() <= now) d.setDate(d.getDate() + 1);
  return d.getTime();
}
