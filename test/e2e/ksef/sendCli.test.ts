import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { sendFiles } from '../../../core/cli/ksef/sendFiles.js';
import { formatResult, type FileResult } from '../../../core/cli/ksef/FileResult.js';
import { buildProgram } from '../../../core/cli/program.js';
import { capturingLogger } from '../../core/ksef/support/localServer.js';
import { SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from './support/samples.js';

let sim: RunningSimulator;
let token: string;
let client: KsefClient;
let dir: string;
const log = capturingLogger('trace');

beforeAll(async () => {
  sim = await startSimulator({ schemasDir: SCHEMAS_DIR, rateLimits: 'off', processingDelayMs: 30 });
  token = sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage'] }).token;
  client = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(token), rateLimits: 'off', authPollIntervalMs: 30, logger: log.logger });
  dir = await mkdtemp(join(tmpdir(), 'ksef-send-'));
});

afterAll(async () => {
  await client.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const send = (files: string[], mode: 'online' | 'batch' = 'online') =>
  sendFiles(client, files, { mode, upoDir: join(dir, 'upo'), pollIntervalMs: 50, timeoutMs: 30_000 }, () => undefined);

describe('send (files straight to KSeF)', () => {
  it('prints a KSeF number per accepted file, a reason per rejected one, and writes each UPO', async () => {
    const p2 = uniqueP2('CLI');
    const good = await file('good.xml', sampleWithOwnNumber('FA_3_Przyklad_1.xml', p2));
    const broken = await file('broken.xml', Buffer.from('<?xml version="1.0"?><Faktura><Nope/></Faktura>'));
    const results = await send([good, join(dir, 'missing.xml'), broken]);
    expect(results.map((r) => r.outcome)).toEqual(['error', 'accepted', 'rejected']);
    const ok = results[1] as Extract<FileResult, { outcome: 'accepted' }>;
    expect(formatResult(ok)).toMatch(new RegExp(`good.xml: accepted ${SAMPLE_SELLER_NIP}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}`));
    const upo = await readFile(ok.upoPath!, 'utf8');
    expect(upo).toContain(ok.ksefNumber);
    expect(results[2]).toMatchObject({ file: broken, code: expect.any(Number) });
    expect(formatResult(results[0])).toContain('missing.xml: error cannot read');
  });

  it('reports a file as unknown, never "safe to send again", when the send answer is lost and the lookup fails too', async () => {
    const bytes = sampleWithOwnNumber('FA_3_Przyklad_1.xml', uniqueP2('LOST'));
    // Both the send (/sessions/online/{ref}/invoices) and the lookup (/sessions/{ref}/invoices?...) lose their answer.
    sim.setFaults({ lostResponseRate: 1, match: /\/invoices(\?|$)/ });
    let results: FileResult[];
    try {
      results = await send([await file('lost.xml', bytes)]);
    } finally {
      sim.setFaults({});
    }
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ outcome: 'unknown' });
    expect(formatResult(results[0])).toMatch(/lost\.xml: unknown KSeF did not confirm receipt, and looking the invoice up in session \S+ failed .*KSeF may hold it/);
    expect(formatResult(results[0])).not.toContain('safe to send again');
  });

  it('reports a resend as a duplicate of the original KSeF number when the content is identical', async () => {
    const bytes = sampleWithOwnNumber('FA_3_Przyklad_9.xml', uniqueP2('RESEND'));
    const [first] = await send([await file('a.xml', bytes)]);
    const [again] = await send([await file('a-again.xml', bytes)]);
    expect(first.outcome).toBe('accepted');
    expect(again).toMatchObject({ outcome: 'accepted', ksefNumber: (first as { ksefNumber: string }).ksefNumber });
    expect(formatResult(again)).toContain('duplicate 440');
  });

  it('rejects a different invoice that reuses a number, naming the KSeF number that holds it', async () => {
    const p2 = uniqueP2('REUSE');
    const [first] = await send([await file('orig.xml', sampleWithOwnNumber('FA_3_Przyklad_1.xml', p2))]);
    const [other] = await send([await file('other.xml', sampleWithOwnNumber('FA_3_Przyklad_22.xml', p2))]);
    expect(other).toMatchObject({ outcome: 'rejected', code: 440, ksefNumber: (first as { ksefNumber: string }).ksefNumber });
    expect(formatResult(other)).toContain('already used by KSeF number');
  });

  it('sends by batch with the same per-file report', async () => {
    const files = [
      await file('b1.xml', sampleWithOwnNumber('FA_3_Przyklad_1.xml', uniqueP2('BATCH'))),
      await file('b2.xml', sampleWithOwnNumber('FA_3_Przyklad_22.xml', uniqueP2('BATCH'))),
    ];
    const results = await send(files, 'batch');
    expect(results.map((r) => [r.file, r.outcome])).toEqual([[files[0], 'accepted'], [files[1], 'accepted']]);
  });

  it('runs `send` and `token` from the command line with KSEF_* variables, showing a new token once and never the login token', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { written.push(String(chunk)); return true; });
    const saved = { ...process.env };
    Object.assign(process.env, { KSEF_BASE_URL: sim.baseUrl, KSEF_NIP: SAMPLE_SELLER_NIP, KSEF_TOKEN: token });
    try {
      const f = await file('cli.xml', sampleWithOwnNumber('FA_3_Przyklad_1.xml', uniqueP2('ARGV')));
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'send', f, '--upo-dir', join(dir, 'upo-cli'), '--timeout', '30']);
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'token', 'generate', '--permissions', 'InvoiceRead', '--description', 'from the CLI test']);
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'token', 'list']);
    } finally {
      spy.mockRestore();
      process.env = saved;
    }
    const out = written.join('');
    expect(out).toMatch(/cli\.xml: accepted \d{10}-/);
    expect(await readdir(join(dir, 'upo-cli'))).toHaveLength(1);
    const newToken = /token: (\S+)/.exec(out)![1];
    expect(out.split(newToken)).toHaveLength(2); // exactly once
    expect(out).toContain('"from the CLI test"');
    // token list: a header above its columns
    expect(out).toMatch(/^reference\s+status\s+created\s+permissions\s+author\s+description\n-+ /m);
    expect(out).not.toContain(token.split('|').pop()!);
  });

  it('send validates as submit does: an invoice with a wrong total is not sent (exit 1) unless --no-validate', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { written.push(String(chunk)); return true; });
    const saved = { ...process.env };
    Object.assign(process.env, { KSEF_BASE_URL: sim.baseUrl, KSEF_NIP: SAMPLE_SELLER_NIP, KSEF_TOKEN: token, KSEF_SCHEMAS_DIR: SCHEMAS_DIR });
    const codes: number[] = [];
    try {
      const wrong = await file('wrong-total.xml', Buffer.from(Buffer.from(sampleWithOwnNumber('FA_3_Przyklad_1.xml', uniqueP2('TOTAL'))).toString('utf8').replace(/<P_15>[^<]*<\/P_15>/, '<P_15>99999.99</P_15>')));
      process.exitCode = undefined;
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'send', wrong, '--upo-dir', join(dir, 'upo-v'), '--timeout', '30']);
      codes.push(Number(process.exitCode ?? 0));
      process.exitCode = undefined;
      await (await buildProgram()).exitOverride().parseAsync(['node', 'ksef-gateway', 'send', wrong, '--no-validate', '--upo-dir', join(dir, 'upo-v'), '--timeout', '30']);
      codes.push(Number(process.exitCode ?? 0));
    } finally {
      process.exitCode = undefined;
      spy.mockRestore();
      process.env = saved;
    }
    const out = written.join('');
    expect(out).toMatch(/wrong-total\.xml: invalid, not sent \(--no-validate sends it anyway\): FA3_TOTAL_MISMATCH at Fa\/P_15: /);
    // With --no-validate it reaches KSeF (the simulator, checking the XSD only, accepts a wrong total as KSeF would).
    // ... as the first of its number: the validated run had sent nothing (a second send would be a duplicate 440).
    expect(out).toMatch(/wrong-total\.xml: accepted /);
    expect(out).not.toMatch(/wrong-total\.xml: accepted .*duplicate/);
    expect(codes).toEqual([1, 0]);
  });

  it('leaves the token value in no log line and no file after the full flow', async () => {
    const secret = token.split('|').pop()!;
    expect(log.lines.length).toBeGreaterThan(20);
    for (const line of log.lines) expect(line).not.toContain(secret);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(await readFile(join(f.parentPath ?? f.path, f.name), 'utf8')).not.toContain(secret);
  });
});
