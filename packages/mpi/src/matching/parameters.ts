import type { ParameterDefinition, ParameterService } from '@medunion/kernel';
import { DEFAULT_AUTO_LINK_THRESHOLD, DEFAULT_REVIEW_THRESHOLD, mergeWeights, type MatchingConfig } from './config.ts';

/** Region-wide: one person index per region, so one set of matching rules. */
export const MPI_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'mpi.autoLinkThreshold',
    title: { 'zh-CN': '自动关联阈值', en: 'Auto-link threshold' },
    description: { 'zh-CN': '候选记录匹配得分（比特）不低于此值时自动归入同一主索引', en: 'Candidates scoring at least this (bits of evidence) are linked to the same person automatically' },
    group: 'mpi',
    type: 'number',
    default: DEFAULT_AUTO_LINK_THRESHOLD,
    min: -100,
    max: 200,
    scopes: ['region'],
  },
  {
    key: 'mpi.reviewThreshold',
    title: { 'zh-CN': '人工审核阈值', en: 'Review threshold' },
    description: { 'zh-CN': '得分不低于此值（且低于自动关联阈值）的候选进入人工审核队列', en: 'Candidates scoring at least this, and below the auto-link threshold, go to the review queue' },
    group: 'mpi',
    type: 'number',
    default: DEFAULT_REVIEW_THRESHOLD,
    min: -100,
    max: 200,
    scopes: ['region'],
  },
  {
    key: 'mpi.weights',
    title: { 'zh-CN': '匹配权重（m/u概率）', en: 'Matching weights (m/u probabilities)' },
    description: {
      'zh-CN': '覆盖默认的m/u概率，例如 {"name":{"exact":{"m":0.9,"u":0.001}}}；无效时使用默认值并在 /api/mpi/config 报告',
      en: 'Overrides of the default m/u probabilities, e.g. {"name":{"exact":{"m":0.9,"u":0.001}}}; when invalid the defaults apply and /api/mpi/config reports why',
    },
    group: 'mpi',
    type: 'json',
    default: {},
    scopes: ['region'],
  },
];

/** The effective matching configuration, with the problems that made the index ignore part of it. */
export async function loadMatchingConfig(parameters: ParameterService): Promise<MatchingConfig & { problems: string[] }> {
  const values = await parameters.resolveAll({});
  const { weights, problems } = mergeWeights(values['mpi.weights']);
  const autoLinkThreshold = values['mpi.autoLinkThreshold'] as number;
  const reviewThreshold = values['mpi.reviewThreshold'] as number;
  if (reviewThreshold > autoLinkThreshold) problems.push('mpi.reviewThreshold is above mpi.autoLinkThreshold: nothing will be queued for review');
  return { autoLinkThreshold, reviewThreshold, weights, problems };
}
