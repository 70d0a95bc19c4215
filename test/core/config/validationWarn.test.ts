import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../../../core/errors/GatewayError.js';
import { loadConfig } from '../../../core/config/loadConfig.js';

function load(yaml: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'gw-warn-'));
  writeFileSync(join(cwd, 'ksef-gateway.yaml'), yaml);
  return loadConfig({ cwd, env: {} });
}

function issuesOf(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    expect(GatewayError.is(err, 'GW_CONFIG_INVALID')).toBe(true);
    return (err as GatewayError).details?.issues as string[];
  }
  throw new Error('expected a config error');
}

const context = (warn: string) => `contexts:\n  - nip: "5265877635"\n    validation:\n      warn: [${warn}]\n`;

describe('contexts[].validation.warn', () => {
  it('takes VAT-consistency rule codes per context and leaves other contexts without any', () => {
    const { config } = load(`${context('FA3_NET_SUM_MISMATCH, FA3_TOTAL_MISMATCH')}  - nip: "7010002137"\n`);
    expect(config.contexts[0].validation?.warn).toEqual(['FA3_NET_SUM_MISMATCH', 'FA3_TOTAL_MISMATCH']);
    expect(config.contexts[1].validation).toBeUndefined();
  });

  it('refuses a rule KSeF enforces, saying that KSeF checks it', () => {
    const issues = issuesOf(context('FA3_P1_IN_FUTURE, FA3_NIP_CHECKSUM'));
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^contexts\[0\]\.validation\.warn\[0\]: FA3_P1_IN_FUTURE is checked by KSeF itself .*cannot be a warning/),
      expect.stringMatching(/^contexts\[0\]\.validation\.warn\[1\]: FA3_NIP_CHECKSUM is checked by KSeF itself .*TEST and DEMO it is a warning already/),
    ]));
  });

  it('refuses an unknown code with the code it probably meant', () => {
    const issues = issuesOf(context('FA3_NET_SUM_MISMACH'));
    expect(issues).toEqual([expect.stringMatching(/^contexts\[0\]\.validation\.warn\[0\]: FA3_NET_SUM_MISMACH is not a VAT-consistency rule code \(did you mean FA3_NET_SUM_MISMATCH\?\)/)]);
  });

  it('refuses an unknown key beside warn', () => {
    const issues = issuesOf('contexts:\n  - nip: "5265877635"\n    validation:\n      warns: [FA3_NET_SUM_MISMATCH]\n');
    expect(issues.some((i) => i.startsWith('contexts[0].validation') && i.includes('warns'))).toBe(true);
  });
});
