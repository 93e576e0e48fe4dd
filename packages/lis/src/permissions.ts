import type { PermissionDeclaration } from '@medunion/kernel';

/**
 * Operation-level permissions of the LIS (seed 001 §1.4.2.1: 权限精确到操作; QC targets only by named people).
 * Built-in roles holding them: packages/server/src/bootstrap/roles.ts (lab-technician, lab-supervisor).
 */
export const PERMISSIONS: PermissionDeclaration[] = [
  { id: 'lis.read', title: { 'zh-CN': '查看检验申请、标本与结果', en: 'View lab orders, specimens and results' } },
  { id: 'lis.order', title: { 'zh-CN': '检验申请录入与导入', en: 'Enter and import lab orders' } },
  { id: 'lis.specimen.collect', title: { 'zh-CN': '打印条码与标本采集', en: 'Print barcodes and collect specimens' } },
  { id: 'lis.specimen.receive', title: { 'zh-CN': '标本签收与让步检验', en: 'Receive specimens, allow concessions' } },
  { id: 'lis.specimen.reject', title: { 'zh-CN': '标本拒收', en: 'Reject specimens' } },
  { id: 'lis.result.enter', title: { 'zh-CN': '结果录入与修改（审核前）', en: 'Enter and edit results before review' } },
  { id: 'lis.result.review', title: { 'zh-CN': '报告审核', en: 'Review and release reports' } },
  { id: 'lis.result.unreview', title: { 'zh-CN': '取消审核（仅审核者或上级）', en: 'Withdraw a review (reviewer or senior only)' } },
  { id: 'lis.report.recall', title: { 'zh-CN': '报告召回', en: 'Recall released reports' } },
  { id: 'lis.report.print', title: { 'zh-CN': '报告打印（打印中心）', en: 'Print reports (print centre)' } },
  { id: 'lis.instrument.manage', title: { 'zh-CN': '仪器与通道配置', en: 'Configure instruments and channels' } },
  { id: 'lis.catalogue.manage', title: { 'zh-CN': '检验项目、组合与参考范围维护', en: 'Maintain tests, panels and reference ranges' } },
  { id: 'lis.qc.enter', title: { 'zh-CN': '质控结果录入与失控处理', en: 'Enter QC results and corrective actions' } },
  { id: 'lis.qc.manage', title: { 'zh-CN': '质控品、批号与靶值设定', en: 'Set QC materials, lots and targets' } },
  { id: 'lis.stats', title: { 'zh-CN': '检验统计与TAT监控', en: 'Lab statistics and TAT monitoring' } },
];
