import type { Communication } from '@medplum/fhirtypes';
import { defineModule, forbidden, hasPermission, notFound } from '@medunion/kernel';
import { startNoticeListener } from './listener.ts';
import { noticeMigrations } from './migrations.ts';
import { expireNotices, indexNotice, markRead, publishNotice, unreadCount, type NewNotice } from './notices.ts';
import { noticeCategories } from './terminology.ts';

export interface NoticeServices {
  unreadCount(userId: string, institution?: string): Promise<number>;
}

/** Regional notices (公告): the example module that exercises every part of the module contract. */
export default defineModule<NoticeServices>({
  id: 'notice',
  title: { 'zh-CN': '公告通知', en: 'Notices' },
  permissions: [
    { id: 'notice.read', title: { 'zh-CN': '查看公告', en: 'Read notices' } },
    { id: 'notice.publish', title: { 'zh-CN': '发布公告', en: 'Publish notices' } },
  ],
  parameters: [
    {
      key: 'notice.defaultExpiryDays',
      title: { 'zh-CN': '公告默认有效天数', en: 'Default notice lifetime (days)' },
      description: { 'zh-CN': '发布时未指定截止时间的公告在多少天后过期；0 表示不过期', en: 'Days until a notice published without an expiry expires; 0 never expires' },
      group: 'notice',
      type: 'number',
      default: 0,
      min: 0,
      max: 3650,
      scopes: ['region', 'institution'],
    },
  ],
  terminology: [noticeCategories],
  migrations: noticeMigrations,
  routes: (app, ctx) => {
    const principal = (req: { principal?: unknown }) => req.principal as Parameters<typeof hasPermission>[0];
    app.post<{ Body: NewNotice }>(
      '/',
      {
        schema: {
          tags: ['notice'],
          summary: 'Publish a notice (发布公告)',
          body: {
            type: 'object',
            required: ['subject'],
            properties: {
              subject: { type: 'string', minLength: 1, maxLength: 200 },
              body: { type: 'string', maxLength: 20000 },
              category: { type: 'string', enum: ['announcement', 'notice', 'alert'] },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
      async (req, reply) => {
        const p = principal(req);
        if (!hasPermission(p, 'notice.publish')) throw forbidden('Permission notice.publish is required');
        const notice = await publishNotice(ctx, { principal: p, interface: 'api', sourceIp: req.ip }, req.body);
        return reply.status(201).send(notice);
      },
    );
    app.get('/unread', { schema: { tags: ['notice'], summary: 'How many notices the caller has not read' } }, async (req) => {
      const p = principal(req);
      if (!hasPermission(p, 'notice.read')) throw forbidden('Permission notice.read is required');
      return { unread: await unreadCount(ctx.db, p.id, p.institution) };
    });
    app.post<{ Params: { id: string } }>('/:id/read', { schema: { tags: ['notice'], summary: 'Mark a notice read' } }, async (req, reply) => {
      const p = principal(req);
      if (!hasPermission(p, 'notice.read')) throw forbidden('Permission notice.read is required');
      if (!(await markRead(ctx.db, req.params.id, p.id, p.institution))) throw notFound(`Notice ${req.params.id.slice(0, 80)} not found`);
      return reply.status(204).send();
    });
  },
  on: {
    'Communication:create': async (event, ctx) => indexNotice(ctx.db, event.payload as Communication, event.institution),
  },
  jobs: [{ id: 'expire', everySeconds: 60, run: async (ctx) => void (await expireNotices(ctx)) }],
  listeners: [{ id: 'feed', defaultPort: 2590, start: startNoticeListener }],
  services: (ctx) => ({ unreadCount: (userId, institution) => unreadCount(ctx.db, userId, institution) }),
  menu: [{ path: '/notice', title: { 'zh-CN': '公告通知', en: 'Notices' }, icon: 'NotificationOutlined', permission: 'notice.read' }],
  web: () => import('./web.ts'),
});
