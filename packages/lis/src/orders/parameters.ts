import type { ParameterDefinition } from '@medunion/kernel';

/** System parameters of orders and specimens (全院参数), keys prefixed `lis.`. */
export const DUPLICATE_WINDOW_HOURS = 'lis.orders.duplicateWindowHours';

export const orderParameters: ParameterDefinition[] = [
  {
    key: DUPLICATE_WINDOW_HOURS,
    title: { 'zh-CN': '重复开单提醒时间窗（小时）', en: 'Duplicate-order warning window (hours)' },
    description: {
      'zh-CN': '同一患者在此时间内已开且尚未出报告的同一检验组合再次开单时提醒，须确认后才保存；0 为不提醒',
      en: 'Ordering a panel the same patient already has unreported within this many hours needs confirmation; 0 turns the warning off',
    },
    group: 'lis',
    type: 'number',
    default: 24,
    min: 0,
    max: 24 * 30,
    scopes: ['region', 'institution'],
  },
];
