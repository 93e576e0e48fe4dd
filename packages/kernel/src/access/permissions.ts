import type { PermissionDeclaration } from '../modules/contract.ts';

/** Operation-level permissions the kernel itself checks (modules add their own). */
export const KERNEL_PERMISSIONS: PermissionDeclaration[] = [
  { id: 'fhir.read', title: { 'zh-CN': '读取资源', en: 'Read resources' } },
  { id: 'fhir.search', title: { 'zh-CN': '检索资源', en: 'Search resources' } },
  { id: 'fhir.history', title: { 'zh-CN': '查看历史版本', en: 'View history' } },
  { id: 'fhir.create', title: { 'zh-CN': '新建资源', en: 'Create resources' } },
  { id: 'fhir.update', title: { 'zh-CN': '修改资源', en: 'Update resources' } },
  { id: 'fhir.delete', title: { 'zh-CN': '删除资源', en: 'Delete resources' } },
  { id: 'data.export', title: { 'zh-CN': '导出数据', en: 'Export data' } },
  { id: 'audit.read', title: { 'zh-CN': '查看审计日志', en: 'Read the audit log' } },
  { id: 'audit.verify', title: { 'zh-CN': '校验审计链', en: 'Verify the audit chain' } },
  { id: 'admin.user.manage', title: { 'zh-CN': '用户管理', en: 'Manage users' } },
  { id: 'admin.role.manage', title: { 'zh-CN': '角色管理', en: 'Manage roles' } },
  { id: 'admin.policy.manage', title: { 'zh-CN': '访问策略管理', en: 'Manage access policies' } },
  { id: 'admin.client.manage', title: { 'zh-CN': '接口客户端管理', en: 'Manage API clients' } },
  { id: 'admin.events.manage', title: { 'zh-CN': '事件与死信管理', en: 'Manage events and dead letters' } },
  { id: 'admin.parameter.manage', title: { 'zh-CN': '系统参数设置', en: 'Manage system parameters' } },
];
