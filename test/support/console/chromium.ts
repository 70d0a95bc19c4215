import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Screenshots stay as test artefacts (gitignored) for a person to look at after the run. */
export const ARTEFACTS = join('test-artifacts', 'console');

/** Debian's chromium (never a downloaded browser) with a fresh profile directory, headless and quiet. */
export async function launchChromium(): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  // playwright passes the profile directory as --user-data-dir.
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, locale: 'en-GB',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  return { browser, close: async () => { await browser.close(); rmSync(profile, { recursive: true, force: true }); } };
}
