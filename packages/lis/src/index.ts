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
          // Orders, labels, collection, receipt, rejections, pools and the test catalogue (packages/web/src/lis/specimens, src/lis/catalogue).
          path: '/lis/specimen',
          title: { 'zh-CN': '申请与标本', en: 'Orders and specimens' },
          icon: 'BarcodeOutlined',
          children: [
            { path: '/lis/orders/new', title: { 'zh-CN': '检验申请', en: 'New lab order' }, permission: 'lis.order' },
            { path: '/lis/collection', title: { 'zh-CN': '标本采集', en: 'Collection' }, permission: 'lis.specimen.collect' },
            { path: '/lis/receipt', title: { 'zh-CN': '标本签收', en: 'Receipt' }, permission: 'lis.specimen.receive' },
            { path: '/lis/rejections', title: { 'zh-CN': '不合格标本', en: 'Rejected specimens' }, permission: 'lis.read' },
            { path: '/lis/pools', title: { 'zh-CN': '混检', en: 'Pooled testing' }, permission: 'lis.specimen.collect' },
            { path: '/lis/catalogue', title: { 'zh-CN': '检验项目', en: 'Test catalogue' }, permission: 'lis.read' },
          ],
        },
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
        {
          // The bench, critical values, printing, report templates and the clinicians' view (packages/web/src/lis/results, src/lis/reports).
          path: '/lis/report',
          title: { 'zh-CN': '检验与报告', en: 'Results and reports' },
          icon: 'AuditOutlined',
          children: [
            { path: '/lis/bench', title: { 'zh-CN': '检验工作站', en: 'Lab bench' }, permission: 'lis.result.enter' },
            { path: '/lis/critical', title: { 'zh-CN': '危急值', en: 'Critical values' }, permission: 'lis.read' },
            { path: '/lis/print', title: { 'zh-CN': '打印中心', en: 'Print centre' }, permission: 'lis.report.print' },
            { path: '/lis/report-settings', title: { 'zh-CN': '报告模板与签名', en: 'Report templates and signatures' }, permission: 'lis.result.review' },
            { path: '/lis/results', title: { 'zh-CN': '检验结果查询', en: 'Lab results' }, permission: 'lis.read' },
          ],
        },
        {
          // QC (packages/web/src/lis/qc): materials and targets, Levey-Jennings, PBRTQC.
          path: '/lis/qc',
          title: { 'zh-CN': '质量控制', en: 'Quality control' },
          icon: 'SafetyCertificateOutlined',
          children: [
            { path: '/lis/qc/chart', title: { 'zh-CN': '质控图', en: 'QC chart' }, permission: 'lis.qc.enter' },
            { path: '/lis/qc/materials', title: { 'zh-CN': '质控品与靶值', en: 'QC materials and targets' }, permission: 'lis.qc.enter' },
            { path: '/lis/qc/pbrtqc', title: { 'zh-CN': 'PBRTQC 实时质控', en: 'PBRTQC' }, permission: 'lis.qc.enter' },
          ],
        },
        {
          // Statistics and turnaround (packages/web/src/lis/stats, src/lis/tat).
          path: '/lis/monitor',
          title: { 'zh-CN': '统计与监控', en: 'Statistics and TAT' },
          icon: 'AuditOutlined',
          children: [
            { path: '/lis/stats', title: { 'zh-CN': '检验统计', en: 'Lab statistics' }, permission: 'lis.stats' },
            { path: '/lis/tat', title: { 'zh-CN': 'TAT 监控', en: 'TAT monitoring' }, permission: 'lis.stats' },
            { path: '/lis/wall', title: { 'zh-CN': '智能大屏', en: 'Wall screen' }, permission: 'lis.read' },
          ],
        },
      ],
    },
  ],
});
