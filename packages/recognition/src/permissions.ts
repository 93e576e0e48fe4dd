import type { PermissionDeclaration } from '@medunion/kernel';

/** Operation-level permissions (built-in roles holding them: packages/server/src/bootstrap/roles.ts). */
export const PERMISSIONS: PermissionDeclaration[] = [
  { id: 'recognition.admin', title: { 'zh-CN': '互认平台管理（机构、年度、项目、资格）', en: 'Administer recognition (institutions, years, items, qualifications)' } },
  { id: 'recognition.upload', title: { 'zh-CN': '上传互认数据（医院接口）', en: 'Upload recognition data (hospital interface)' } },
  { id: 'recognition.query', title: { 'zh-CN': '查询可互认报告并作出互认决定', en: 'Query recognisable reports and decide' } },
  { id: 'recognition.stats', title: { 'zh-CN': '查看互认统计', en: 'View recognition statistics' } },
];
