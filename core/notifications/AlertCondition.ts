/** The notification rules (docs/notifications.md). */
export type AlertRule =
  | 'credential-refused' | 'credential-expiring' | 'context-paused' | 'documents-waiting' | 'rejections'
  | 'ksef-unreachable' | 'delivery-failing' | 'purchase-sync-behind';

/**
 * A condition that holds now. While it holds its episode stays open (one alert); when it no longer holds the
 * episode is resolved (one "resolved" message). A changed `level` (a certificate passing from 30 to 7 days) is
 * announced again within the same episode.
 */
export interface AlertCondition {
  /** Identifies the episode: rule plus what it is about (`documents-waiting/5265877635`). */
  readonly key: string;
  readonly rule: AlertRule;
  readonly contextNip?: string;
  readonly level?: string;
  /** What is wrong, naming the context. */
  readonly title: string;
  /** What to do about it. */
  readonly action: string;
  /** Only these bypass a channel's digest: nothing reaches KSeF until someone acts. */
  readonly urgent: boolean;
}

/** One line of a message: an alert raised (or raised again at a new level) or resolved. */
export interface AlertItem {
  readonly kind: 'raised' | 'resolved' | 'test';
  readonly rule: AlertRule | 'test';
  readonly contextNip?: string;
  readonly title: string;
  readonly action?: string;
  /** Epoch ms. */
  readonly at: number;
  readonly urgent: boolean;
}
