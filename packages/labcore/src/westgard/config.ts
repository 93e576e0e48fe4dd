import { inputError } from '../errors.ts';
import { WESTGARD_RULES } from './rules.ts';
import type { WestgardConfig, WestgardRuleId, WestgardScope, WestgardSeverity } from './types.ts';

/** The classic Westgard multirule: 1-2s warning; 1-3s, 2-2s, R-4s, 4-1s, 10x reject. */
export const DEFAULT_WESTGARD_CONFIG: WestgardConfig = { rules: ['1-2s', '1-3s', '2-2s', 'R-4s', '4-1s', '10x'] };

/** The rule set recommended when three control levels run together: 1-3s, 2of3-2s, R-4s, 3-1s, 12x. */
export const THREE_LEVEL_WESTGARD_CONFIG: WestgardConfig = { rules: ['1-2s', '1-3s', '2of3-2s', 'R-4s', '3-1s', '12x'] };

export interface ResolvedRule {
  rule: WestgardRuleId;
  severity: WestgardSeverity;
  scopes: readonly WestgardScope[];
}

const SCOPES: readonly WestgardScope[] = ['within-run', 'across-runs-within-level', 'across-runs-across-levels'];

/** Every rule with its severity and scopes filled in; an unknown rule or scope is refused, not ignored. */
export function resolveWestgardConfig(config: WestgardConfig): ResolvedRule[] {
  const seen = new Set<WestgardRuleId>();
  return config.rules.map((entry, i) => {
    const setting = typeof entry === 'string' ? { rule: entry } : entry;
    const definition = WESTGARD_RULES[setting.rule];
    if (!definition) throw inputError(`rules[${i}]`, `未知的质控规则：${setting.rule}`, `Unknown control rule: ${setting.rule}`);
    if (seen.has(setting.rule)) throw inputError(`rules[${i}]`, `质控规则 ${setting.rule} 重复`, `Control rule ${setting.rule} is listed twice`);
    seen.add(setting.rule);
    const scopes = setting.scopes ?? definition.defaultScopes;
    for (const scope of scopes) {
      if (!SCOPES.includes(scope)) throw inputError(`rules[${i}].scopes`, `未知的适用范围：${scope}`, `Unknown scope: ${scope}`);
    }
    const severity = setting.severity ?? definition.defaultSeverity;
    if (severity !== 'warning' && severity !== 'reject') throw inputError(`rules[${i}].severity`, `未知的严重程度：${String(severity)}`, `Unknown severity: ${String(severity)}`);
    return { rule: setting.rule, severity, scopes };
  });
}
