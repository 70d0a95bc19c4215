import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { runGateway } from '../../../core/cli/commands/gateway/runGateway.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { SUBMISSION_STORE } from '../../../core/pipeline/ports/SubmissionStore.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { toCsv } from '../../plugins/csv/csvFiles.js';
import { ksefEvidence } from '../../support/ksefEvidence.js';

const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });

/** One `start --once` run; the FA(3) the gateway stored (and sent) for the given ERP ids, and KSeF's record. */
async function runOnce(dir: string, erpIds: readonly string[], numbers: readonly string[]) {
  const env = { ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '' };
  const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: sink() });
  const sent = new Map<string, ReturnType<typeof readFa3>>();
  let evidence: ReturnType<typeof ksefEvidence> | undefined;
  const end = await runGateway(app, { once: true, onceTimeoutMs: 120_000, onDrained: async () => {
    evidence = ksefEvidence(app.simulator!, DEMO_NIP, numbers);
    const store = app.container.get(SUBMISSION_STORE);
    for (const id of erpIds) {
      const record = await store.getByErpId('erp', id);
      const xml = record && await store.getXml(record.id);
      if (xml) sent.set(id, readFa3(xml));
    }
  } });
  expect(end).toBe('drained');
  return { sent, evidence };
}

const results = (out: string, name: string) => new Map((parse(readFileSync(join(out, `${name}.results.csv`), 'utf8'), { delimiter: ';', columns: true }) as Record<string, string>[])
  .map((r) => [r.document_id, r]));

describe('csv plugin end to end: advance, settlement and correction invoices', () => {
  it('a ZAL and a VAT invoice, then a settlement and a correction naming them by document id: each accepted once, referencing their KSeF numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-csv-kinds-'));
    const inbox = join(dir, 'in');
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'gw.yaml'), [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { port: 0 }',
      'scheduler: { batchMaxWaitMs: 0 }',
      `plugins: [{ use: csv, id: erp, options: { inbox: ${JSON.stringify(inbox)}, out: ${JSON.stringify(out)}, take: { when: renamed }, resultsDelayMs: 0 }, pollIntervalMs: 100 }]`,
    ].join('\n'));
    mkdirSync(inbox, { recursive: true });
    const drop = (name: string, rows: string[][]) => {
      writeFileSync(join(inbox, `${name}.tmp`), toCsv(rows));
      renameSync(join(inbox, `${name}.tmp`), join(inbox, name));
    };
    const today = new Date().toISOString().slice(0, 10);
    const stamp = Date.now().toString(36);
    const header = ['document_id', 'kind', 'number', 'issue_date', 'seller_nip', 'seller_name', 'seller_address1', 'buyer_nip', 'buyer_name', 'buyer_address1',
      'advance_amount', 'advance_received_date', 'advance_document_id', 'corrected_document_id', 'correction_reason',
      'line_name', 'quantity', 'unit_price', 'vat_rate', 'before_line_name', 'before_quantity', 'before_unit_price', 'before_vat_rate'];
    const row = (o: Record<string, string>) => header.map((h) => ({ issue_date: today, seller_nip: DEMO_NIP, seller_name: 'Instalacje Sp. z o.o.', seller_address1: 'ul. Prosta 1',
      buyer_nip: '7352765225', buyer_name: 'Nabywca S.A.', buyer_address1: 'ul. Krzywa 2', ...o } as Record<string, string>)[h] ?? '');
    const zal = { document_id: 'Z1', kind: 'ZAL', number: `FZ/${stamp}/1`, advance_amount: '2460,00', advance_received_date: today };
    const vat = { document_id: 'V1', kind: 'VAT', number: `FV/${stamp}/1` };
    drop('first.csv', [header,
      row({ ...zal, line_name: 'Kocioł', quantity: '1', unit_price: '8000', vat_rate: '23' }),
      row({ ...zal, line_name: 'Montaż', quantity: '1', unit_price: '2000', vat_rate: '23' }),
      row({ ...vat, line_name: 'Toner', quantity: '3', unit_price: '120', vat_rate: '23' }),
    ]);
    const numbers = [`FZ/${stamp}/1`, `FV/${stamp}/1`, `FR/${stamp}/1`, `FK/${stamp}/1`];
    const first = await runOnce(dir, ['Z1', 'V1'], numbers);
    const firstResults = results(out, 'first.csv');
    expect([...firstResults.values()].map((r) => [r.document_id, r.state]).sort()).toEqual([['V1', 'accepted'], ['Z1', 'accepted']]);
    expect(first.sent.get('Z1')!.Fa).toMatchObject({ RodzajFaktury: 'ZAL', P_13_1: '2000.00', P_14_1: '460.00', P_15: '2460.00' });

    const roz = { document_id: 'R1', kind: 'ROZ', number: `FR/${stamp}/1`, advance_document_id: 'Z1' };
    const kor = { document_id: 'K1', kind: 'KOR', number: `FK/${stamp}/1`, corrected_document_id: 'V1', correction_reason: 'rabat' };
    drop('second.csv', [header,
      row({ ...roz, line_name: 'Kocioł', quantity: '1', unit_price: '8000', vat_rate: '23' }),
      row({ ...kor, line_name: 'Toner', quantity: '3', unit_price: '100', vat_rate: '23', before_line_name: 'Toner', before_quantity: '3', before_unit_price: '120', before_vat_rate: '23' }),
      row({ ...roz, line_name: 'Montaż', quantity: '1', unit_price: '2000', vat_rate: '23' }),
    ]);
    const second = await runOnce(dir, ['R1', 'K1'], numbers);
    const secondResults = results(out, 'second.csv');
    expect([...secondResults.values()].map((r) => [r.document_id, r.state, r.error_messages]).sort()).toEqual([['K1', 'accepted', ''], ['R1', 'accepted', '']]);
    expect(second.sent.get('R1')!.Fa).toMatchObject({ RodzajFaktury: 'ROZ', P_13_1: '8000.00', P_14_1: '1840.00', P_15: '9840.00',
      FakturaZaliczkowa: [{ NrKSeFFaZaliczkowej: firstResults.get('Z1')!.ksef_number }] });
    expect(second.sent.get('K1')!.Fa).toMatchObject({ RodzajFaktury: 'KOR', P_13_1: '-60.00', P_14_1: '-13.80', P_15: '-73.80', PrzyczynaKorekty: 'rabat',
      DaneFaKorygowanej: [{ NrFaKorygowanej: `FV/${stamp}/1`, NrKSeFFaKorygowanej: firstResults.get('V1')!.ksef_number }] });
    expect(second.evidence).toEqual(Object.fromEntries(numbers.map((n) => [n, { received: 1, held: 1 }])));
  });
});
