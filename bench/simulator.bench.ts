/**
 * `npm run build && node dist/bench/simulator.bench.js [--count 1000]`: the simulator's own throughput, FA(3) XSD on,
 * rate limits off, processing delay 0: online sends one at a time and 8 in parallel (encrypt, POST, decrypt,
 * file + XSD checks, duplicate key, KSeF number), then one batch session of `count` invoices (ZIP, close, status).
 */
import { X509Certificate, constants, createCipheriv, createHash, publicEncrypt, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yazl from 'yazl';
import { startSimulator } from '../adapters/ksef-simulator/startSimulator.js';

const args = process.argv.slice(2);
const COUNT = Number(args[args.indexOf('--count') + 1] ?? 0) || 1000;
const SHARED = resolve(process.env.KSEF_SHARED_DIR ?? join(process.cwd(), '..', 'shared'), 'ksef');
const SCHEMAS = resolve(process.env.KSEF_SCHEMAS_DIR ?? join(SHARED, 'schemas'));
const SAMPLE = readFileSync(join(SHARED, 'samples', 'fa3', 'FA_3_Przyklad_1.xml'), 'utf8');
const NIP = '9999999999';
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('base64');
const invoice = (n: string): Buffer => Buffer.from(SAMPLE.replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${n}</P_2>`), 'utf8');

async function main(): Promise<void> {
  const sim = await startSimulator({ schemasDir: SCHEMAS, rateLimits: 'off', processingDelayMs: 0 });
  const base = sim.baseUrl;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON answers of the simulator
  const post = async (path: string, token: string | undefined, body?: unknown): Promise<any> => {
    const r = await fetch(base + path, { method: 'POST', headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    return text ? JSON.parse(text) : undefined;
  };
  const certs = await (await fetch(`${base}/security/public-key-certificates`)).json() as { certificate: string; usage: string[] }[];
  const keyOf = (u: string) => new X509Certificate(Buffer.from(certs.find((c) => c.usage.includes(u))!.certificate, 'base64')).publicKey;
  const rsa = (u: string, b: Buffer): string => publicEncrypt({ key: keyOf(u), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, b).toString('base64');
  const { token } = sim.createToken({ nip: NIP, permissions: ['InvoiceWrite'] });
  const ch = await post('/auth/challenge', undefined);
  const op = await post('/auth/ksef-token', undefined, { challenge: ch.challenge, contextIdentifier: { type: 'Nip', value: NIP }, encryptedToken: rsa('KsefTokenEncryption', Buffer.from(`${token}|${ch.timestampMs}`)) });
  const access = (await post('/auth/token/redeem', op.authenticationToken.token)).accessToken.token;
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const encryption = { encryptedSymmetricKey: rsa('SymmetricKeyEncryption', key), initializationVector: iv.toString('base64') };
  const formCode = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
  const aes = (b: Buffer): Buffer => { const c = createCipheriv('aes-256-cbc', key, iv); return Buffer.concat([c.update(b), c.final()]); };

  const session = (await post('/sessions/online', access, { formCode, encryption })).referenceNumber;
  let n = 0;
  const sendOne = async (): Promise<void> => {
    const xml = invoice(`BENCH/${Date.now()}/${++n}`);
    const enc = aes(xml);
    await post(`/sessions/online/${session}/invoices`, access, { invoiceHash: sha(xml), invoiceSize: xml.length, encryptedInvoiceHash: sha(enc), encryptedInvoiceSize: enc.length, encryptedInvoiceContent: enc.toString('base64') });
  };
  const online = Math.min(COUNT, 500);
  let t = performance.now();
  for (let i = 0; i < online; i++) await sendOne();
  const seq = online / ((performance.now() - t) / 1000);
  t = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => { for (let i = 0; i < online / 8; i++) await sendOne(); }));
  const par = online / ((performance.now() - t) / 1000);
  console.log(`online send: ${seq.toFixed(0)}/s sequential, ${par.toFixed(0)}/s with 8 in parallel (${online} each)`);

  const zip = new yazl.ZipFile();
  for (let i = 0; i < COUNT; i++) zip.addBuffer(invoice(`BENCHB/${Date.now()}/${i}`), `${i}.xml`);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  const archive = Buffer.concat(chunks);
  const part = aes(archive);
  t = performance.now();
  const batch = await post('/sessions/batch', access, { formCode, encryption, batchFile: { fileSize: archive.length, fileHash: sha(archive), fileParts: [{ ordinalNumber: 1, fileSize: part.length, fileHash: sha(part) }] } });
  const up = batch.partUploadRequests[0];
  await fetch(up.url, { method: 'PUT', headers: up.headers, body: new Uint8Array(part) });
  await post(`/sessions/batch/${batch.referenceNumber}/close`, access);
  await sim.whenIdle();
  const st = await (await fetch(`${base}/sessions/${batch.referenceNumber}`, { headers: { Authorization: `Bearer ${access}` } })).json() as { status: { code: number }; successfulInvoiceCount: number };
  const secs = (performance.now() - t) / 1000;
  console.log(`batch: ${COUNT} invoices (${(archive.length / 1e6).toFixed(1)} MB ZIP) processed in ${secs.toFixed(2)} s = ${(COUNT / secs).toFixed(0)}/s; status ${st.status.code}, ${st.successfulInvoiceCount} accepted`);
  console.log(`peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  await sim.close();
}

void main();
