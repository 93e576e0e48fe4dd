import { adminZh } from '../admin/admin.messages.ts';
import { widgetsZh } from '../widgets/widgets.messages.ts';
import { mpiZh } from '../mpi/mpi.messages.ts';
import { terminologyZh } from '../terminology/terminology.messages.ts';
import { recognitionAdminZh } from '../recognition/recognition-admin.messages.ts';
import { recognitionZh } from '../recognition/recognition.messages.ts';
import { lisInstrumentsZh } from '../lis/lis-instruments.messages.ts';
import { lisSpecimensZh } from '../lis/lis-specimens.messages.ts';
import { lisQcZh } from '../lis/lis-qc.messages.ts';
import { lisResultsZh } from '../lis/lis-results.messages.ts';

/** Simplified Chinese, the default locale. Its keys define the dictionary every other locale must complete. */
export const zhCN = {
  'app.title': '医共体信息平台',
  'app.shortTitle': 'Medunion',
  'login.title': '用户登录',
  'login.subtitle': '县域医共体信息平台',
  'login.username': '用户名',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登录',
  'login.failed': '登录失败',
  'login.locked': '账户已锁定',
  'shell.home': '首页',
  'shell.institution': '当前机构',
  'shell.switchInstitution': '切换机构',
  'shell.switched': '已切换到 {institution}',
  'shell.logout': '退出登录',
  'shell.language': '语言',
  'shell.closeOthers': '关闭其他',
  'shell.closeAll': '关闭全部',
  'shell.sessionExpired': '登录已过期，请重新登录',
  'shell.loadFailed': '加载失败：{message}',
  'shell.notFound': '页面不存在',
  'shell.backHome': '返回首页',
  'shell.pageNotBuilt': '该模块的页面尚未提供',
  'shell.welcome': '欢迎，{name}',
  'shell.welcomeHint': '请从左侧菜单选择功能。',
  'shell.roles': '角色',
  'menu.admin': '系统管理',
  'menu.audit': '审计日志',
  'audit.title': '审计日志',
  'audit.timeRange': '时间范围',
  'audit.action': '操作',
  'audit.agentId': '操作人 ID',
  'audit.resourceType': '资源类型',
  'audit.search': '查询',
  'audit.reset': '重置',
  'audit.verify': '校验审计链',
  'audit.verifyOk': '审计链完整，共校验 {count} 条记录',
  'audit.verifyBroken': '审计链在第 {brokenAt} 条记录处断裂：{reason}',
  'audit.col.seq': '序号',
  'audit.col.recorded': '时间',
  'audit.col.action': '操作',
  'audit.col.agent': '操作人',
  'audit.col.institution': '机构',
  'audit.col.resource': '资源',
  'audit.col.outcome': '结果',
  'audit.col.source': '来源地址',
  'audit.col.detail': '说明',
  'audit.outcome.0': '成功',
  'audit.outcome.4': '轻微失败',
  'audit.outcome.8': '严重失败',
  'audit.outcome.12': '重大失败',
  'audit.total': '共 {total} 条',
  'common.any': '全部',
  ...widgetsZh,
  ...adminZh,
  ...mpiZh,
  ...terminologyZh,
  ...recognitionAdminZh,
  ...recognitionZh,
  ...lisInstrumentsZh,
  ...lisSpecimensZh,
  ...lisQcZh,
  ...lisResultsZh,
} as const;

export type MessageKey = keyof typeof zhCN;
/** A complete dictionary: TypeScript refuses a locale that misses or invents a key. */
export type Dictionary = Record<MessageKey, string>;
