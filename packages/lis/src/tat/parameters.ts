import type { ModuleContext, ParameterDefinition } from '@medunion/kernel';

const minutes = (key: string, zh: string, en: string, descZh: string, descEn: string, value: number): ParameterDefinition => ({
  key,
  title: { 'zh-CN': zh, en },
  description: { 'zh-CN': descZh, en: descEn },
  group: 'lis.tat',
  type: 'number',
  default: value,
  min: 1,
  max: 10_080,
  scopes: ['region', 'institution'],
});

/** TAT limits (分钟) used when a panel sets no TAT target of its own, and for the steps before the laboratory. */
export const TAT_PARAMETERS: ParameterDefinition[] = [
  minutes('lis.tat.notReceivedMinutes', '超时未接收（分钟）', 'Not received after (minutes)', '采集后超过此时间未被检验科签收即提醒', 'Alert when a specimen is not received this long after collection', 120),
  minutes('lis.tat.notRegisteredMinutes', '超时未登记（分钟）', 'Not registered after (minutes)', '签收后超过此时间仍未登记上机（无检测中或结果状态）即提醒', 'Alert when a received specimen has not been registered for testing (in test or resulted) this long after receipt', 30),
  minutes('lis.tat.reportMinutes', '常规报告时限（分钟）', 'Routine report target (minutes)', '组合未设定 TAT 时，签收到审核报告的时限（常规）', 'Receipt-to-report target of routine specimens whose panels set none', 240),
  minutes('lis.tat.statReportMinutes', '急诊报告时限（分钟）', 'Stat report target (minutes)', '组合未设定 TAT 时，签收到审核报告的时限（急诊）', 'Receipt-to-report target of stat specimens whose panels set none', 60),
];

export interface TatLimits {
  notReceived: number;
  notRegistered: number;
  report: number;
  statReport: number;
}

export async function tatLimits(ctx: ModuleContext, institution: string): Promise<TatLimits> {
  const all = await ctx.parameters.resolveAll({ institution });
  return {
    notReceived: Number(all['lis.tat.notReceivedMinutes']),
    notRegistered: Number(all['lis.tat.notRegisteredMinutes']),
    report: Number(all['lis.tat.reportMinutes']),
    statReport: Number(all['lis.tat.statReportMinutes']),
  };
}
