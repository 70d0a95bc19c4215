import { mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { runDemo } from '../../../core/cli/commands/gateway/runDemo.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';

const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });

/** stdout and a terminal's stderr, recorded in the order the user would see them. */
function screen() {
  const events: { to: 'out' | 'tty'; text: string }[] = [];
  const out = new Writable({ write(c, _e, cb) { events.push({ to: 'out', text: String(c) }); cb(); } });
  const tty = Object.assign(new Writable({ write(c, _e, cb) { events.push({ to: 'tty', text: String(c) }); cb(); } }), { isTTY: true, columns: 120 });
  return { events, out, tty: tty as unknown as NodeJS.WriteStream, text: () => events.filter((e) => e.to === 'out').map((e) => e.text).join('') };
}

async function demoApp() {
  const dir = mkdtempSync(join(tmpdir(), 'gw-demo-console-'));
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_ADMIN_PORT: '0', KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '' };
  const app = await GatewayApp.create({ loaded: loadConfig({ embedded: true, env }), env, logDestination: sink() });
  return { app, inbox: join(dir, 'plugins', 'inbox', 'inbox') };
}

/** Written under a hidden name and renamed in, dated past the inbox's settle time, as an ERP should. */
function drop(inbox: string, name: string, content: string): void {
  const tmp = join(inbox, `.${name}`);
  writeFileSync(tmp, content);
  const past = new Date(Date.now() - 60_000);
  utimesSync(tmp, past, past);
  renameSync(tmp, join(inbox, name));
}

async function until(what: () => boolean, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !what() && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
}

describe('demo console', () => {
  it('says loudly it is a simulator, and draws its progress bar only after the header, never over it', async () => {
    const { app } = await demoApp();
    const s = screen();
    const { end } = await runDemo(app, { once: true }, s.out, s.tty);
    expect(end).toBe('drained');
    const banner = s.events.findIndex((e) => e.to === 'out' && e.text.includes('*** DEMO: a local KSeF simulator, not KSeF.'));
    expect(banner).toBeGreaterThanOrEqual(0);
    expect(s.events[banner].text).toContain('have no legal effect');
    expect(s.events[banner].text).toMatch(/KSeF simulator\s+http:\/\/127\.0\.0\.1:\d+/);
    const firstBar = s.events.findIndex((e) => e.to === 'tty' && e.text.includes('documents in flight'));
    expect(firstBar).toBeGreaterThan(banner);
    // Nothing at all reaches the terminal before the header (not even the hidden cursor of a started bar).
    expect(s.events.slice(0, banner).filter((e) => e.to === 'tty')).toEqual([]);
  });

  it('prints a line for each file dropped while it runs: taken, accepted with its KSeF number, invalid or refused with the reason', async () => {
    const { app, inbox } = await demoApp();
    const s = screen();
    const stop = new AbortController();
    const running = runDemo(app, { once: false, stop: stop.signal }, s.out, sink() as unknown as NodeJS.WriteStream);
    await until(() => s.text().includes('Ctrl-C stops'));
    expect(s.text()).toContain('Ctrl-C stops');
    const n = Date.now();
    drop(inbox, 'FV-GOOD.xml', invoiceXml({ sellerNip: DEMO_NIP, number: `FV/DEMO/${n}` }));
    drop(inbox, 'FV-TOTAL.xml', invoiceXml({ sellerNip: DEMO_NIP, number: `FV/DEMO/B${n}` }).replace(/<P_15>[^<]*<\/P_15>/, '<P_15>1.00</P_15>'));
    drop(inbox, 'broken.json', '{ not json');
    await until(() => /FV-GOOD\.xml: accepted/.test(s.text()) && /FV-TOTAL\.xml: invalid/.test(s.text()) && /broken\.json: refused/.test(s.text()));
    stop.abort();
    expect((await running).end).toBe('signal');
    const text = s.text();
    expect(text).toMatch(/FV-GOOD\.xml: taken from the inbox/);
    expect(text).toMatch(new RegExp(`FV-GOOD\\.xml: accepted by KSeF, KSeF number ${DEMO_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}, UPO \\S+FV-GOOD\\.upo\\.xml`));
    expect(text).toMatch(/FV-TOTAL\.xml: invalid, never sent to KSeF: \S+ .*P_15/);
    expect(text).toMatch(/broken\.json: refused, not taken: .*JSON/);
    // The demo's own documents are in its table, not repeated as lines.
    expect(text).not.toMatch(/^demo-\S+: /m);
  });
});
