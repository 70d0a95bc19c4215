import type { RenderedAlerts } from '../renderAlerts.js';

/** Where alerts go: e-mail, a signed webhook. Resolves once the other side took the message; throws otherwise. */
export interface AlertChannel {
  readonly id: 'email' | 'webhook';
  /** Send what is not urgent once a day. */
  readonly digest: boolean;
  send(message: RenderedAlerts, messageId: string): Promise<void>;
  close?(): Promise<void>;
}
