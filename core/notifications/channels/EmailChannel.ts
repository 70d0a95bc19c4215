import type { Transporter } from 'nodemailer';
import type { NotificationsConfig } from '../../config/notificationsConfig.js';
import { loadOnce } from '../../lazy/loadOnce.js';
import type { RenderedAlerts } from '../renderAlerts.js';
import type { AlertChannel } from './AlertChannel.js';

type EmailConfig = NonNullable<NotificationsConfig['email']>;

/** nodemailer is loaded by the first message, not by every gateway that has notifications configured. */
const loadNodemailer = loadOnce(() => import('nodemailer'));

/** Alerts by SMTP (nodemailer): STARTTLS required unless configured otherwise, authentication when a user is given. */
export class EmailChannel implements AlertChannel {
  readonly id = 'email' as const;
  readonly digest: boolean;
  private transport?: Promise<Transporter>;

  constructor(private readonly config: EmailConfig, private readonly tls: { readonly ca?: string; readonly rejectUnauthorized?: boolean } = {}) {
    this.digest = config.digest;
  }

  private transporter(): Promise<Transporter> {
    const config = this.config;
    this.transport ??= loadNodemailer().then(({ default: nodemailer }) => nodemailer.createTransport({
      host: config.host, port: config.port, secure: config.secure, requireTLS: !config.secure && config.requireTls,
      ...(config.user !== undefined ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000,
      tls: { minVersion: 'TLSv1.2', ...this.tls },
    }));
    return this.transport;
  }

  async send(message: RenderedAlerts, messageId: string): Promise<void> {
    await (await this.transporter()).sendMail({
      from: this.config.from, to: [...this.config.to], subject: message.subject, text: message.text,
      headers: { 'X-Ksef-Gateway-Alert': messageId },
    });
  }

  async close(): Promise<void> {
    (await this.transport)?.close();
  }
}
