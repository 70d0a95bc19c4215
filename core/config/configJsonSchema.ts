import { z } from 'zod';
import { gatewayConfigSchema } from './GatewayConfig.js';

/**
 * The JSON Schema of the config file (what a user writes: defaults optional), generated from the zod schema so
 * the two never drift; committed as config/gateway.schema.json for editors (`# yaml-language-server: $schema=`).
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/ksef-gateway/ksef-gateway/config/gateway.schema.json',
    title: 'ksef-gateway configuration',
    ...z.toJSONSchema(gatewayConfigSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
