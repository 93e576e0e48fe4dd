import type { CodeSystem } from '@medplum/fhirtypes';

export const NOTICE_CATEGORY_SYSTEM = 'https://medunion.org/fhir/CodeSystem/notice-category';

/** Categories of regional notices (公告分类). */
export const noticeCategories: CodeSystem = {
  resourceType: 'CodeSystem',
  url: NOTICE_CATEGORY_SYSTEM,
  version: '1',
  name: 'NoticeCategory',
  title: '公告分类',
  status: 'active',
  content: 'complete',
  concept: [
    { code: 'announcement', display: '公告' },
    { code: 'notice', display: '通知' },
    { code: 'alert', display: '预警' },
  ],
};
