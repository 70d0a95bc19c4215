import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { runGateway } from '../../../core/cli/commands/gateway/runGateway.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { toCsv } from '../../plugins/csv/csvFiles.js';
import { ksefEvidence, type KsefEvidence } from '../../support/ksefEvidence.js';

const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });

/** One run of `start --once` on a config with the in-process simulator and a csv plugin instance; KSeF's record at its end. */
async function runOnce(dir: string, invoiceNumbers: readonly string[]) {
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '' };
  const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: sink() });
  let record: { perDocument: Record<string, KsefEvidence>; held: number; sessions: number } | undefined;
  const end = await runGateway(app, { once: true, onceTimeoutMs: 120_000, onDrained: () => {
    const sim = app.simulator!;
    record = { perDocument: ksefEvidence(sim, DEMO_NIP, invoiceNumbers), held: sim.invoicesHeld(DEMO_NIP), sessions: sim.sessionCount(DEMO_NIP) };
  } });
  expect(end).toBe('drained');
  return record;
}

describe('csv plugin end to end (in-process KSeF simulator)', () => {
  it('turns a dropped Windows-1250 file into KSeF invoices: results with KSeF numbers, UPOs by KSeF number, rejected rows; a re-drop sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-csv-e2e-'));
    const inbox = join(dir, 'in');
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { port: 0 }',
      'scheduler: { batchMaxWaitMs: 0 }',
      `plugins: [{ use: csv, id: erp, options: { inbox: ${JSON.stringify(inbox)}, out: ${JSON.stringify(out)}, take: { when: renamed } }, pollIntervalMs: 100 }]`,
    ].join('\n'));
    const today = new Date().toISOString().slice(0, 10).split('-').reverse().join('.');
    const stamp = Date.now().toString(36);
    const row = (id: string, line: string, qty: string, price: string, rate: string) =>
      [id, `FV/${stamp}/${id}`, today, DEMO_NIP, 'Hurtownia Północ Sp. z o.o.', 'ul. Portowa 7', '81-001 Gdynia', 'PL7352765225', 'Sklep Łódź S.A.', 'ul. Piotrkowska 100', line, qty, 'szt.', price, rate];
    const header = ['document_id', 'number', 'issue_date', 'seller_nip', 'seller_name', 'seller_address1', 'seller_address2', 'buyer_nip', 'buyer_name', 'buyer_address1', 'line_name', 'quantity', 'unit', 'unit_price', 'vat_rate'];
    const csv = toCsv([header,
      row('A1', 'Woda mineralna', '120', '1,20', '23'),
      row('A2', 'Chleb żytni; krojony', '40', '4,50', '5'),
      row('A1', 'Zeszyt "A5"\nw kratkę', '15', '2,99', '8'),
      row('B1', 'Towar', '1', '12,3x', '23'),
      row('A3', 'Usługa zwolniona', '1', '100', '23'),
    ]);
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, 'feb.csv.tmp'), iconv.encode(csv, 'windows-1250'));
    renameSync(join(inbox, 'feb.csv.tmp'), join(inbox, 'feb.csv'));

    const numbers = ['A1', 'A2', 'A3', 'B1'].map((id) => `FV/${stamp}/${id}`);
    const first = await runOnce(dir, numbers);
    const results = parse(iconv.decode(readFileSync(join(out, 'feb.csv.results.csv')), 'windows-1250'), { delimiter: ';', columns: true }) as Record<string, string>[];
    const byId = new Map(results.map((r) => [r.document_id, r]));
    for (const id of ['A1', 'A2', 'A3']) {
      const r = byId.get(id)!;
      expect(r).toMatchObject({ state: 'accepted', upo_file: `upo/${r.ksef_number}.xml` });
      expect(r.ksef_number).toMatch(new RegExp(`^${DEMO_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));
      expect(readFileSync(join(out, r.upo_file), 'utf8')).toContain(r.ksef_number);
    }
    expect(byId.get('B1')).toMatchObject({ state: 'invalid', error_codes: 'GW_CSV_VALUE_INVALID', error_messages: 'feb.csv row 6 column unit_price (unitPrice): "12,3x" is not a number' });
    expect(iconv.decode(readFileSync(join(out, 'feb.csv.rejected.csv')), 'windows-1250')).toContain('B1;');
    const once = { received: 1, held: 1 };
    expect(first).toMatchObject({ held: 3, perDocument: Object.fromEntries(numbers.map((n) => [n, n.endsWith('B1') ? { received: 0, held: 0 } : once])) });

    writeFileSync(join(inbox, 'feb.csv'), iconv.encode(csv, 'windows-1250')); // the ERP exports the same file again
    const second = await runOnce(dir, numbers);
    expect(second).toEqual(first); // KSeF received nothing: no new session, no submission, no new invoice
    const again = parse(iconv.decode(readFileSync(join(out, 'feb.csv.results.csv')), 'windows-1250'), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(again.map((r) => [r.document_id, r.state, r.ksef_number])).toEqual(results.map((r) => [r.document_id, r.state, r.ksef_number]));
    expect(readdirSync(join(inbox, '..', 'archive', readdirSync(join(inbox, '..', 'archive'))[0])).sort()).toEqual(['feb.1.csv', 'feb.csv']);
  });
});
