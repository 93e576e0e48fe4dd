import type { ParameterService } from '@medunion/kernel';
import type { MatchingConfig } from './config.ts';
import { loadMatchingConfig } from './parameters.ts';

/** How long a read configuration is used: a changed weight or threshold applies to registrations after at most this. */
export const CONFIG_TTL_MS = 5_000;

const cache = new WeakMap<ParameterService, { at: number; config: Promise<MatchingConfig & { problems: string[] }> }>();

/** The matching configuration for the registration handler, read at most every CONFIG_TTL_MS per parameter service. */
export function matchingConfig(parameters: ParameterService, now = Date.now()): Promise<MatchingConfig & { problems: string[] }> {
  const hit = cache.get(parameters);
  if (hit && now - hit.at < CONFIG_TTL_MS) return hit.config;
  const config = loadMatchingConfig(parameters);
  cache.set(parameters, { at: now, config });
  config.catch(() => cache.delete(parameters));
  return config;
}
