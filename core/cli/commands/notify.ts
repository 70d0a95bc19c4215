import type { Command } from 'commander';
import { GatewayError } from '../../errors/GatewayError.js';
import { ExitCode } from '../exitCodes.js';
import { withApp, type CommonOptions } from './gateway/openApp.js';
import { formatTable } from './gateway/formatTable.js';

const configOption = ['-c, --config <file>', 'config file (default: KSEF_GATEWAY_CONFIG, ./ksef-gateway.yaml, or embedded defaults)'] as const;

/** `notify test`: proves each configured alert channel works (docs/notifications.md). */
export function register(program: Command): void {
  const notify = program.command('notify').description('alerts to people: e-mail, signed webhook, notifier plugins (docs/notifications.md)');
  notify.command('test')
    .description('send a test message to every configured channel now; exit 3 when one fails')
    .option(...configOption)
    .action((opts: CommonOptions) => withApp({ ...opts, connect: false }, async (app) => {
      const n = app.config.notifications;
      if (!n.email && !n.webhook && !n.plugins) {
        throw new GatewayError('GW_NOTIFY_NO_CHANNEL', 'config', 'No alert channel is configured: set notifications.email or notifications.webhook '
          + '(or notifications.plugins: true) in the config (docs/notifications.md)', { location: 'notifications' });
      }
      const notifications = app.createNotifications();
      try {
        const results = await notifications.sendTest();
        process.stdout.write(`${formatTable(['channel', 'result'], results.map((r) => [r.channel,
          r.ok ? (r.channel === 'plugins' ? 'stored for notifier plugins (sent by a running gateway)' : 'sent') : `FAILED: ${r.error ?? ''}`]))}\n`);
        if (results.some((r) => !r.ok)) process.exitCode = ExitCode.transient;
      } finally {
        await notifications.stop();
      }
    }));
}
