import { defineModule } from '@medunion/kernel';
import { assembleParts } from './part.ts';
import { LIS_PARTS } from './parts.ts';
import { PERMISSIONS } from './permissions.ts';

const assembled = assembleParts(LIS_PARTS);

/** LIS 实验室信息系统 (laboratory information system): see README.md. */
export default defineModule({
  id: 'lis',
  title: { 'zh-CN': '实验室信息系统', en: 'Laboratory (LIS)' },
  permissions: PERMISSIONS,
  ...assembled,
  // Its demo runs after the region's dictionaries and patients exist.
  demoAfter: ['terminology', 'mpi'],
  menu: [
    {
      path: '/lis',
      title: { 'zh-CN': '实验室', en: 'Laboratory (LIS)' },
      icon: 'ExperimentOutlined',
      // No permission of its own: groups left without an entry the user may open are dropped.
      children: [
        {
          // Analyzer connections, traffic and held results (packages/web/src/lis/instruments).
          path: '/lis/instrument',
          title: { 'zh-CN': '仪器', en: 'Instruments' },
          icon: 'ApiOutlined',
          children: [
            { path: '/lis/instruments', title: { 'zh-CN': '仪器管理', en: 'Instruments' }, permission: 'lis.read' },
            { path: '/lis/instrument-messages', title: { 'zh-CN': '通讯报文', en: 'Instrument traffic' }, permission: 'lis.read' },
            { path: '/lis/unmatched-results', title: { 'zh-CN': '未匹配结果', en: 'Unmatched results' }, permission: 'lis.result.enter' },
          ],
        },
      ],
    },
  ],
});
