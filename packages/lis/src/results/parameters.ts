import type { ModuleContext, ParameterDefinition } from '@medunion/kernel';

/** System parameters of results and review (全院参数), set per institution. */
export const RESULT_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'lis.autoverify.release',
    title: { 'zh-CN': '自动审核通过即发布报告', en: 'Release auto-verified reports' },
    description: {
      'zh-CN': '开启时，自动审核全部通过的报告直接发布；关闭时仅记录审核结论，报告仍由人工审核发布',
      en: 'On: reports that pass every auto-verification rule are released at once. Off: the decision is recorded and a person still releases them',
    },
    group: 'lis',
    type: 'boolean',
    default: true,
    scopes: ['region', 'institution'],
  },
  {
    key: 'lis.autoverify.signatory',
    title: { 'zh-CN': '自动审核报告署名人', en: 'Signatory of auto-verified reports' },
    description: {
      'zh-CN': '自动审核发布的报告以此人员（Practitioner id）为审核者署名并打印其签名；为空时署名为检验科',
      en: 'Practitioner id named (and whose signature is printed) as reviewer of auto-verified reports; empty: the laboratory',
    },
    group: 'lis',
    type: 'string',
    default: '',
    scopes: ['institution'],
  },
  {
    key: 'lis.review.allowSelfReview',
    title: { 'zh-CN': '允许审核本人录入的结果', en: 'Allow reviewing one’s own entries' },
    description: { 'zh-CN': '关闭时，手工录入结果的人员不能审核同一报告（双人核对）', en: 'Off: whoever entered a result by hand may not release its report (four eyes)' },
    group: 'lis',
    type: 'boolean',
    default: true,
    scopes: ['region', 'institution'],
  },
];

export interface ReviewSettings {
  autoRelease: boolean;
  signatory?: string;
  allowSelfReview: boolean;
}

/** Read before a transaction: on PGlite nothing may query outside a transaction while it is open. */
export async function reviewSettings(ctx: ModuleContext, institution: string): Promise<ReviewSettings> {
  const all = await ctx.parameters.resolveAll({ institution });
  const signatory = String(all['lis.autoverify.signatory'] ?? '').trim();
  return {
    autoRelease: all['lis.autoverify.release'] !== false,
    ...(signatory ? { signatory } : {}),
    allowSelfReview: all['lis.review.allowSelfReview'] !== false,
  };
}
