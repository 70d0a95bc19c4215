import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { startSimulator, type RunningSimulator } from '../../adapters/ksef-simulator/startSimulator.js';
import { Fa3XsdValidator } from '../../core/fa3/validation/Fa3XsdValidator.js';
import { FolderInbox } from '../../plugins/folder-inbox/FolderInbox.js';
import { inboxFolders } from '../../plugins/folder-inbox/InboxFolders.js';
import { fuzzHttp, fuzzReader, fuzzValidator } from '../../scripts/fuzz/fuzzTargets.js';
import { malformedRequest } from '../../scripts/fuzz/malformedRequest.js';
import { mutatedDocument } from '../../scripts/fuzz/mutateDocument.js';
import { oddInboxFile } from '../../scripts/fuzz/oddInboxFile.js';
import { FA3_SAMPLES_DIR, SCHEMAS_DIR } from '../support/sharedDir.js';

/**
 * The fuzz suite, bounded for the test run (a few hundred inputs per target, each target under a time budget that
 * fast-check enforces by stopping early); `npm run fuzz` runs the same targets for as long as asked.
 */
const samples = readdirSync(FA3_SAMPLES_DIR).filter((f) => f.endsWith('.xml')).map((f) => readFileSync(join(FA3_SAMPLES_DIR, f)));
const budget = (runs: number, ms: number) => ({ numRuns: runs, interruptAfterTimeLimit: ms, markInterruptAsFailure: false });

describe('fuzz: FA(3) validator and reader', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => {
    xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
  });
  afterAll(() => xsd.dispose());

  it('answers every mutated sample (bit flips, truncation, reordering, huge and deep nodes, encodings, DOCTYPEs) with a typed result', () => {
    fc.assert(fc.property(mutatedDocument(samples), (m) => {
      const validator = fuzzValidator(m.bytes, xsd);
      const reader = fuzzReader(m.bytes);
      if (validator.kind === 'crash') throw new Error(`${m.how}: ${validator.detail}`);
      if (reader.kind === 'crash') throw new Error(`${m.how}: ${reader.detail}`);
    }), budget(150, 45_000));
  }, 180_000);

  it('never calls valid a document with a DOCTYPE', () => {
    const doctyped = mutatedDocument(samples).filter((m) => m.how.startsWith('DOCTYPE'));
    fc.assert(fc.property(doctyped, (m) => {
      expect(fuzzValidator(m.bytes, xsd)).toEqual({ kind: 'typed', code: 'FA3_DOCTYPE' });
      expect(fuzzValidator(m.bytes, undefined)).toEqual({ kind: 'typed', code: 'FA3_DOCTYPE' });
      expect(fuzzReader(m.bytes)).toEqual({ kind: 'typed', code: 'GW_FA3_DOCTYPE' });
    }), budget(40, 30_000));
  }, 60_000);
});

describe('fuzz: simulator HTTP intake', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ processingDelayMs: 10 });
  });
  afterAll(() => sim.close());

  it('answers every malformed request with a 4xx (or a success), never a 5xx, and keeps serving', async () => {
    await fc.assert(fc.asyncProperty(malformedRequest(), async (raw) => {
      const verdict = await fuzzHttp(sim.port, raw);
      if (verdict.kind === 'crash') throw new Error(`${JSON.stringify(raw.toString('latin1').slice(0, 200))}: ${verdict.detail}`);
    }), budget(300, 60_000));
    expect((await fuzzHttp(sim.port, Buffer.from('GET /v2/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')))).toEqual({ kind: 'typed', code: '404' });
  }, 120_000);
});

describe('fuzz: folder inbox', () => {
  it('offers or refuses every odd file (names, kinds, contents), never throws, never blocks', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'gw-fuzz-outside-'));
    writeFileSync(join(outside, 'target.xml'), samples[0]);
    await fc.assert(fc.asyncProperty(fc.uniqueArray(oddInboxFile(mutatedDocument(samples)), { maxLength: 25, selector: (f) => f.name }), async (files) => {
      const dir = mkdtempSync(join(tmpdir(), 'gw-fuzz-inbox-'));
      try {
        const folders = inboxFolders({ inbox: join(dir, 'in') }, dir);
        const inbox = new FolderInbox(folders, { urgent: false, stableForMs: 0, followSymlinks: false, otherEncodings: 'refuse' }, pino({ level: 'silent' }));
        await inbox.start();
        for (const f of files) {
          const path = join(folders.inbox, f.name);
          if (f.kind === 'fifo') execFileSync('mkfifo', [path]);
          else if (f.kind === 'symlink') symlinkSync(join(outside, 'target.xml'), path);
          else if (f.kind === 'folder') mkdirSync(path);
          else writeFileSync(path, f.bytes);
        }
        const offered = await inbox.poll();
        const listed = files.filter((f) => !f.name.startsWith('.') && /\.(xml|json)$/i.test(f.name));
        // Every visible file is either offered or refused into failed/ with its reason; none is left behind silently.
        for (const f of listed) {
          const isOffered = offered.some((d) => `${d.erpId}${f.name.slice(d.erpId.length)}` === f.name);
          expect(isOffered || existsSync(join(folders.failed, f.name))).toBe(true);
        }
        for (const d of offered) await inbox.onSubmitted({ documentId: `id-${d.erpId}`, erpId: d.erpId, state: 'invalid', duplicate: false, errors: [] });
        expect(readdirSync(folders.inbox).filter((n) => !n.startsWith('.') && /\.(xml|json)$/i.test(n))).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }), budget(25, 60_000));
    rmSync(outside, { recursive: true, force: true });
  }, 120_000);
});
