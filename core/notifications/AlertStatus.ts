import type { ConsumerBacklog } from '../events/ports/EventOutbox.js';
import type { AlertCondition } from './AlertCondition.js';

/** Where telling people stands: for `status` (and the console). */
export interface AlertStatus {
  /** Alert episodes open now (docs/notifications.md). */
  readonly open: readonly AlertCondition[];
  /** Alert lines not yet sent, per channel. */
  readonly unsent: Readonly<Record<string, number>>;
  /** Event consumers (notifiers, adapters' onEvent) with events they have not taken (docs/events.md). */
  readonly behind: readonly ConsumerBacklog[];
}
