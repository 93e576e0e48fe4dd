import { bilingual, joinBilingual, type Bilingual } from '../text.ts';
import type { Finding } from './find-violations.ts';
import type { PreparedQcResult } from './prepare.ts';
import { SCOPE_NAMES, type WestgardRuleDefinition } from './rules.ts';
import type { QcStatus, WestgardScope, WestgardViolation } from './types.ts';

export const signedZ = (z: number): string => `${z >= 0 ? '+' : ''}${z.toFixed(2)}`;

function member(r: PreparedQcResult): Bilingual {
  return bilingual(`水平 ${r.level}/批 ${r.source.runId} z=${signedZ(r.z)}`, `level ${r.level}/run ${r.source.runId} z=${signedZ(r.z)}`);
}

function what(rule: WestgardRuleDefinition, finding: Finding): Bilingual {
  const count = finding.members.length;
  if (rule.kind === 'range') return bilingual(`一个结果超出 +${rule.limitSd}SD、另一个超出 −${rule.limitSd}SD`, `one result above +${rule.limitSd} SD and another below −${rule.limitSd} SD`);
  const up = finding.side === 'high';
  if (rule.limitSd === 0) return bilingual(`${count} 个结果位于均值${up ? '上方' : '下方'}`, `${count} results ${up ? 'above' : 'below'} the mean`);
  const limit = `${up ? '+' : '−'}${rule.limitSd}`;
  if (rule.k < rule.n) return bilingual(`${rule.n} 个连续结果中 ${count} 个超出 ${limit}SD`, `${count} of ${rule.n} consecutive results beyond ${limit} SD`);
  return bilingual(`${count} 个结果超出 ${limit}SD`, `${count} result${count > 1 ? 's' : ''} beyond ${limit} SD`);
}

export function violationReason(rule: WestgardRuleDefinition, scope: WestgardScope, finding: Finding): Bilingual {
  const scopeName = SCOPE_NAMES[scope];
  const head = rule.n === 1 ? bilingual(rule.id, rule.id) : bilingual(`${rule.id}（${scopeName['zh-CN']}）`, `${rule.id} (${scopeName.en})`);
  const members = joinBilingual(finding.members.map(member), { zh: '、', en: ', ' });
  const w = what(rule, finding);
  return bilingual(`${head['zh-CN']}：${w['zh-CN']}：${members['zh-CN']}`, `${head.en}: ${w.en}: ${members.en}`);
}

const STATUS_NAMES: Readonly<Record<QcStatus, Bilingual>> = {
  accept: bilingual('在控', 'in control'),
  warning: bilingual('警告', 'warning'),
  reject: bilingual('失控', 'out of control'),
};

/** `在控：z=+0.50` for a result, `在控` for a run, or the status followed by every violation's reason. */
export function statusReason(status: QcStatus, violations: readonly WestgardViolation[], z?: number): Bilingual {
  const name = STATUS_NAMES[status];
  const detail = violations.length ? joinBilingual(violations.map((v) => v.reason)) : z === undefined ? undefined : bilingual(`z=${signedZ(z)}`, `z=${signedZ(z)}`);
  return detail ? bilingual(`${name['zh-CN']}：${detail['zh-CN']}`, `${name.en}: ${detail.en}`) : name;
}
