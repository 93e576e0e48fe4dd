import type { ParameterDefinition } from './definition.ts';

const ALL_SCOPES: ParameterDefinition['scopes'] = ['region', 'institution', 'workstation'];

/** A colour of the results display (异常结果颜色), settable at every scope. */
function colourParameter(key: string, title: ParameterDefinition['title'], defaultColour: string, description?: ParameterDefinition['description']): ParameterDefinition {
  return { key, title, ...(description ? { description } : {}), group: 'ui', type: 'color', default: defaultColour, scopes: ALL_SCOPES };
}

/** Parameters the kernel and the web shell read; modules declare theirs in their manifest. */
export const KERNEL_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'ui.pageSize',
    title: { 'zh-CN': '列表每页条数', en: 'Rows per page' },
    group: 'ui',
    type: 'number',
    default: 20,
    min: 5,
    max: 500,
    scopes: ALL_SCOPES,
  },
  colourParameter('ui.abnormal.highColor', { 'zh-CN': '偏高结果颜色', en: 'Colour of high results' }, '#cf1322', { 'zh-CN': '异常偏高（↑）结果的文字颜色', en: 'Text colour of abnormally high (↑) results' }),
  colourParameter('ui.abnormal.lowColor', { 'zh-CN': '偏低结果颜色', en: 'Colour of low results' }, '#0958d9', { 'zh-CN': '异常偏低（↓）结果的文字颜色', en: 'Text colour of abnormally low (↓) results' }),
  colourParameter('ui.abnormal.criticalColor', { 'zh-CN': '危急值颜色', en: 'Colour of critical results' }, '#722ed1'),
  {
    key: 'ui.abnormal.criticalFlash',
    title: { 'zh-CN': '危急值闪烁', en: 'Flash critical results' },
    group: 'ui',
    type: 'boolean',
    default: true,
    scopes: ALL_SCOPES,
  },
  {
    key: 'print.institutionTitle',
    title: { 'zh-CN': '打印抬头', en: 'Printed institution title' },
    description: {
      'zh-CN': '报告单、条码等打印件上的机构名称；留空则使用机构（Organization）名称',
      en: 'Institution name on reports and labels; empty means the Organization name',
    },
    group: 'print',
    type: 'string',
    default: '',
    scopes: ['institution'],
  },
  {
    key: 'print.labelPrinter',
    title: { 'zh-CN': '条码打印机', en: 'Label printer' },
    description: { 'zh-CN': '本机打印条码标签所用的打印机名称', en: 'Printer this workstation prints barcode labels on' },
    group: 'print',
    type: 'string',
    default: '',
    scopes: ['workstation'],
  },
  {
    key: 'session.idleLockMinutes',
    title: { 'zh-CN': '空闲锁屏（分钟）', en: 'Lock after idle (minutes)' },
    description: { 'zh-CN': '无操作多少分钟后锁定界面；0 表示不锁定', en: 'Minutes without activity before the console locks; 0 never locks' },
    group: 'session',
    type: 'number',
    default: 30,
    min: 0,
    max: 1440,
    scopes: ['region', 'institution'],
  },
];
