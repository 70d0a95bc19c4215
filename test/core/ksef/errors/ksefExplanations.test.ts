import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../../adapters/ksef-simulator/startSimulator.js';
import { DEMO_NIP } from '../../../../core/di/GatewayApp.js';
import { explainKsefCode, ksefCodeTable, type KsefCodeKind } from '../../../../core/ksef/errors/ksefExplanations.js';
import { KsefApiError } from '../../../../core/ksef/errors/KsefApiError.js';
import { KSEF_DIR, OPENAPI_PATH, SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { invoiceXml } from '../../../support/pipeline/invoiceXml.js';
import { runCli } from '../../../support/runCli.js';

const KINDS: readonly KsefCodeKind[] = ['invoice-status', 'session-status', 'auth-status', 'exception'];

describe('English explanations of KSeF codes', () => {
  const openapi = readFileSync(OPENAPI_PATH, 'utf8');
  const protocol = readFileSync(join(KSEF_DIR, 'PROTOCOL.md'), 'utf8');

  it.each(KINDS)('keeps KSeF\'s own Polish description of every %s code it explains (openapi.json or PROTOCOL.md)', (kind) => {
    const table = ksefCodeTable(kind);
    expect(table.length).toBeGreaterThanOrEqual(kind === 'exception' ? 30 : 10);
    const unknown = table.filter((e) => !openapi.includes(e.pl) && !protocol.includes(e.pl));
    expect(unknown).toEqual([]);
    if (kind === 'exception') expect(table.filter((e) => !openapi.includes(String(e.code)))).toEqual([]);
    for (const e of table) expect(e.en).not.toBe(e.pl);
  });

  it('tells the namespaces apart (invoice 450 is not auth 450) and knows nothing it was not told', () => {
    expect(explainKsefCode('invoice-status', 450)).toMatch(/schema/);
    expect(explainKsefCode('auth-status', 450)).toMatch(/token/);
    expect(explainKsefCode('exception', 99999)).toBeUndefined();
  });

  it('puts the explanation next to the Polish text of a KSeF exception, keeping the original', () => {
    const err = new KsefApiError({ method: 'POST', path: '/sessions/online', httpStatus: 400,
      exceptionCodes: [{ code: 21405, description: 'Błąd walidacji danych wejściowych.', details: ['Pole formCode jest wymagane.'] }] });
    expect(err.message).toBe('KSeF POST /sessions/online: 21405 Błąd walidacji danych wejściowych. (Pole formCode jest wymagane.) '
      + '(in English: the request failed KSeF\'s input validation; the details say which field)');
  });
});

describe('a KSeF rejection reaches the ERP and the operator with its Polish text and an English explanation', () => {
  it('status 450 from KSeF (a gateway without the XSD sent an invoice KSeF\'s schema refuses)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-ksef-explained-'));
    const sim = await startSimulator({ port: 0, dataDir: join(dir, 'sim'), rateLimits: 'off', processingDelayMs: 20, schemasDir: SCHEMAS_DIR });
    try {
      const { token } = sim.createToken({ nip: DEMO_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
      const inbox = join(dir, 'in');
      mkdirSync(inbox);
      writeFileSync(join(dir, 'gw.yaml'), [
        `ksef: { baseUrl: ${JSON.stringify(sim.baseUrl)} }`,
        'admin: { enabled: false }',
        'scheduler: { batchMaxWaitMs: 0 }',
        `contexts: [{ nip: "${DEMO_NIP}", credential: { kind: token, token: "\${KSEF_TOKEN}" } }]`,
        `plugins: [{ use: folder-inbox, id: erp, options: { inbox: ${JSON.stringify(inbox)}, stableForMs: 0 }, pollIntervalMs: 100 }]`,
      ].join('\n'));
      // No schemas for the gateway (neither KSEF_SCHEMAS_DIR nor a cache): business rules only, as after a fresh install.
      const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_GATEWAY_CONFIG: join(dir, 'gw.yaml'), KSEF_TOKEN: token, XDG_CACHE_HOME: join(dir, 'cache'), KSEF_GATEWAY_LOG_LEVEL: 'silent', KSEF_SCHEMAS_DIR: '' };
      // P_2 longer than the schema's 256 characters: the business rules do not look at lengths, KSeF's XSD does.
      const xml = invoiceXml({ sellerNip: DEMO_NIP, number: `FV/XSD/${Date.now()}/${'9'.repeat(260)}` });
      writeFileSync(join(inbox, 'FV-XSD.xml'), xml);
      const { code } = await runCli(['start', '--once', '--once-timeout', '60'], env);
      expect(code).toBe(0);
      const outcome = JSON.parse(readFileSync(join(dir, 'outcomes', 'FV-XSD.json'), 'utf8')) as { kind: string; errors: { code: string; message: string; explanation?: string }[] };
      expect(outcome.kind).toBe('rejected');
      expect(outcome.errors[0]).toMatchObject({ code: '450', message: expect.stringMatching(/^Błąd weryfikacji semantyki dokumentu faktury: Nieprawidłowy XML/) });
      expect(outcome.errors[0].explanation).toBe(explainKsefCode('invoice-status', 450));
      const status = await runCli(['status'], env);
      expect(status.out).toMatch(/FV-XSD\s+\S+\s+450\s+.*Błąd weryfikacji semantyki dokumentu faktury.*\(in English: the invoice failed KSeF's checks/);
    } finally {
      await sim.close();
    }
  });
});
