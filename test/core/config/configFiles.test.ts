import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { configJsonSchema } from '../../../core/config/configJsonSchema.js';
import { loadConfig } from '../../../core/config/loadConfig.js';

const CONFIG_DIR = join(process.cwd(), 'config');
const SCHEMA_FILE = join(CONFIG_DIR, 'gateway.schema.json');

describe('config/ files', () => {
  it('keeps config/gateway.schema.json equal to the schema generated from zod (UPDATE_CONFIG_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_CONFIG_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('loads the example config with no variable set: its token comes from the vault, the env reference is commented out', () => {
    const { config } = loadConfig({ file: join(CONFIG_DIR, 'gateway.example.yaml'), env: {} });
    expect(config.contexts[0]).toEqual({ nip: '5265877635', credential: { kind: 'token' }, attachments: false });
    expect(config.plugins.map((p) => p.id)).toEqual(['inbox']);
    expect(readFileSync(join(CONFIG_DIR, 'gateway.example.yaml'), 'utf8')).toMatch(/^\s*# token: \$\{KSEF_TOKEN\}$/m);
  });

  it('validates the example against the JSON Schema and marks secrets in it', () => {
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(configJsonSchema());
    const example = parse(readFileSync(join(CONFIG_DIR, 'gateway.example.yaml'), 'utf8'));
    expect(validate(example) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...example, admin: { port: 'x' } })).toBe(false);
    expect(JSON.stringify(configJsonSchema())).toContain('"secret":true');
  });
});
