import type { GatewayConfig } from '../config/GatewayConfig.js';
import type { RulePolicy, RulesEnvironment } from '../fa3/rules/RulePolicy.js';
import { KSEF_BASE_URLS, type KsefEnvironment } from '../ksef/types/KsefEnvironment.js';

/**
 * The KSeF environment whose rules apply: the simulator is a TEST stand-in; a base URL of a real environment is that
 * environment whatever `ksef.environment` says; any other URL (a proxy) is what `ksef.environment` names.
 */
export function rulesEnvironmentOf(config: GatewayConfig): RulesEnvironment {
  if (config.ksef.simulator.enabled) return 'test';
  const url = config.ksef.baseUrl?.replace(/\/+$/, '');
  const named = url === undefined ? undefined : (Object.keys(KSEF_BASE_URLS) as KsefEnvironment[]).find((e) => KSEF_BASE_URLS[e] === url);
  return named ?? config.ksef.environment;
}

/** Each context's rule policy (DECISIONS.md 19): the environment's NIP rule and the context's `validation.warn`. */
export function rulePolicyFor(config: GatewayConfig): (contextNip: string) => RulePolicy {
  const environment = rulesEnvironmentOf(config);
  const warn = new Map(config.contexts.map((c) => [c.nip, c.validation?.warn ?? []]));
  return (contextNip) => ({ environment, contextNip, warn: warn.get(contextNip) ?? [] });
}
