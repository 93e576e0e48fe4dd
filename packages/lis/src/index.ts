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
  menu: [],
});
