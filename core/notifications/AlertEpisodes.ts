import type { PluginStorage } from '../plugin-api/PluginStorage.js';
import type { AlertCondition, AlertItem } from './AlertCondition.js';

interface Episode {
  readonly condition: AlertCondition;
  readonly openedAt: number;
  /** The raised (or raised again) announcement not yet handed to the channels. */
  readonly pending?: AlertItem;
  readonly resolvedAt?: number;
}

/** An announcement with the key that makes storing it again harmless (crash, second instance). */
export interface Announcement {
  readonly key: string;
  readonly item: AlertItem;
}

const EPISODES = 'episodes';

/**
 * Open alert episodes in the store: one per condition key while it holds. Each change is written to the episode before
 * it is announced and cleared only after the announcement is stored, so a crash in between announces it again on the
 * next round (with the same key: channels store it once), never not at all.
 */
export class AlertEpisodes {
  constructor(private readonly storage: PluginStorage) {}

  /** Opens, raises again (new level) and resolves episodes; returns what to announce (also left over from a crash). */
  async reconcile(conditions: readonly AlertCondition[], now: number): Promise<Announcement[]> {
    const open = new Map((await this.all()).map((r) => [r.key, r]));
    for (const c of conditions) {
      const ep = open.get(c.key);
      const raised: AlertItem = { kind: 'raised', rule: c.rule, ...(c.contextNip ? { contextNip: c.contextNip } : {}), title: c.title,
        action: c.action, at: now, urgent: c.urgent };
      if (!ep) {
        await this.storage.insert<Episode>(EPISODES, c.key, { condition: c, openedAt: now, pending: raised });
      } else if (ep.value.resolvedAt === undefined && ep.value.condition.level !== c.level) {
        await this.storage.update<Episode>(EPISODES, c.key, { ...ep.value, condition: c, pending: raised }, { expectVersion: ep.version });
      }
    }
    const holding = new Set(conditions.map((c) => c.key));
    for (const [key, ep] of open) {
      if (holding.has(key) || ep.value.resolvedAt !== undefined) continue;
      await this.storage.update<Episode>(EPISODES, key, { ...ep.value, resolvedAt: now }, { expectVersion: ep.version });
    }
    return (await this.all()).flatMap((r) => announcementsOf(r.key, r.value));
  }

  /** The announcements of an episode are stored: forget them (and a resolved episode). */
  async announced(a: readonly Announcement[]): Promise<void> {
    for (const r of await this.all()) {
      const mine = announcementsOf(r.key, r.value).filter((x) => a.some((y) => y.key === x.key));
      if (mine.length === 0) continue;
      if (r.value.resolvedAt !== undefined) await this.storage.delete(EPISODES, r.key);
      else await this.storage.update<Episode>(EPISODES, r.key, { condition: r.value.condition, openedAt: r.value.openedAt }, { expectVersion: r.version });
    }
  }

  /** Episodes open now (for `status`). */
  async openConditions(): Promise<AlertCondition[]> {
    return (await this.all()).filter((r) => r.value.resolvedAt === undefined).map((r) => r.value.condition);
  }

  private async all() {
    const out = [];
    for (let page = await this.storage.list<Episode>(EPISODES, { limit: 500 }); page.length > 0;
      page = await this.storage.list<Episode>(EPISODES, { after: page.at(-1)!.key, limit: 500 })) out.push(...page);
    return out;
  }
}

function announcementsOf(key: string, ep: Episode): Announcement[] {
  const out: Announcement[] = [];
  if (ep.pending) out.push({ key: `${key}@${ep.openedAt}/raised/${ep.condition.level ?? ''}`, item: ep.pending });
  if (ep.resolvedAt !== undefined) {
    const c = ep.condition;
    out.push({ key: `${key}@${ep.openedAt}/resolved`, item: { kind: 'resolved', rule: c.rule, ...(c.contextNip ? { contextNip: c.contextNip } : {}),
      title: `Resolved: ${c.title}`, at: ep.resolvedAt, urgent: c.urgent } });
  }
  return out;
}
