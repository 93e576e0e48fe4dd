import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, hasPermission, type ModuleContext } from '@medunion/kernel';
import { bodyOf, type Schema } from '../routes/check-body.ts';
import { actorOf, needPlatformAdmin, principalOf } from '../routes/guard.ts';
import { clearAlarm, compareInstruments, listAlarms, listStreams, series } from './queries.ts';
import { itemSettings, listItemSettings, qcItem, saveOverride, settingsSchema } from './settings.ts';

const TAGS = ['recognition-qc'];
const code = { type: 'string', maxLength: 64 } as const;
const period = { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } as const;
// Documented without `additionalProperties: false`: Fastify would silently strip unknown fields, the check names them.
const { additionalProperties: _strict, ...settingsDoc } = settingsSchema;
const clearBody: Schema = { type: 'object', required: ['note'], properties: { note: { type: 'string', maxLength: 1000, description: '处理说明（如：已重新校准并复查质控品）' } }, examples: [{ note: '已重新定标，室内质控在控' }] };

/** Reading QC needs administration or statistics; changing it needs administration. */
function canRead(req: FastifyRequest) {
  const p = principalOf(req);
  if (!hasPermission(p, 'recognition.admin') && !hasPermission(p, 'recognition.stats')) throw forbidden('Permission recognition.admin or recognition.stats is required');
  return p;
}

/** PBRTQC (seed 001 §1.9.3.3): alarms per institution, series for control charts, instrument comparison, clearing, settings. */
export function qcRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const audit = (req: FastifyRequest, detail: string) => ctx.audit.record({ action: 'update', principal: principalOf(req), resourceType: 'Basic', detail: `recognition qc ${detail}`, sourceIp: req.ip });

  app.get<{ Querystring: { institution?: string; item?: string; open?: boolean } }>(
    '/qc/alarms',
    { schema: { tags: TAGS, operationId: 'listQcAlarms', summary: '检验质量异常报警（按机构）', querystring: { type: 'object', properties: { institution: code, item: code, open: { type: 'boolean' } } } } },
    async (req) => {
      canRead(req);
      return { alarms: await listAlarms(ctx.db, req.query) };
    },
  );

  app.post<{ Params: { id: number }; Body: { note: string } }>(
    '/qc/alarms/:id/clear',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'clearQcAlarm', summary: '解除质控报警（须填写处理说明；该仪器的统计重新开始）', params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } }, body: clearBody } },
    async (req) => {
      const p = needPlatformAdmin(req);
      const { note } = bodyOf<{ note: string }>(req, clearBody);
      const alarm = await clearAlarm(ctx.db, req.params.id, actorOf(p), note);
      await audit(req, `alarm ${alarm.id} cleared (${alarm.institution} ${alarm.item} ${alarm.instrument ?? ''}): ${note}`.slice(0, 500));
      return alarm;
    },
  );

  app.get<{ Querystring: { institution: string } }>(
    '/qc/streams',
    { schema: { tags: TAGS, operationId: 'listQcStreams', summary: '机构的质控监测项目 × 仪器', querystring: { type: 'object', required: ['institution'], properties: { institution: code } } } },
    async (req) => {
      canRead(req);
      return { streams: await listStreams(ctx.db, req.query.institution) };
    },
  );

  app.get<{ Querystring: { institution: string; item: string; instrument: string; from?: string; to?: string } }>(
    '/qc/series',
    {
      schema: {
        tags: TAGS,
        operationId: 'getQcSeries',
        summary: '项目 × 机构 × 仪器 的移动均值 / EWMA 序列及控制限',
        querystring: { type: 'object', required: ['institution', 'item', 'instrument'], properties: { institution: code, item: code, instrument: { type: 'string', maxLength: 200 }, ...period } },
      },
    },
    async (req) => {
      canRead(req);
      qcItem(req.query.item);
      return series(ctx.db, req.query);
    },
  );

  app.get<{ Querystring: { institution: string; item: string; from?: string; to?: string } }>(
    '/qc/comparison',
    {
      schema: {
        tags: TAGS,
        operationId: 'compareQcInstruments',
        summary: '仪器间检验质量比对（同一机构、同一项目、同一时段）',
        querystring: { type: 'object', required: ['institution', 'item'], properties: { institution: code, item: code, ...period } },
      },
    },
    async (req) => {
      canRead(req);
      qcItem(req.query.item);
      return compareInstruments(ctx.db, req.query);
    },
  );

  app.get('/qc/settings', { schema: { tags: TAGS, operationId: 'listQcSettings', summary: '各检验项目的 PBRTQC 参数（默认值来自参考区间）' } }, async (req) => {
    canRead(req);
    return { items: await listItemSettings(ctx.db) };
  });

  app.get<{ Params: { item: string } }>(
    '/qc/settings/:item',
    { schema: { tags: TAGS, operationId: 'getQcSettings', summary: '一个检验项目的 PBRTQC 参数', params: { type: 'object', properties: { item: code } } } },
    async (req) => {
      canRead(req);
      return itemSettings(ctx.db, req.params.item);
    },
  );

  app.put<{ Params: { item: string }; Body: Record<string, unknown> }>(
    '/qc/settings/:item',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'saveQcSettings', summary: '设置检验项目的 PBRTQC 参数（未给出的由参考区间推导；空对象恢复默认）', params: { type: 'object', properties: { item: code } }, body: settingsDoc } },
    async (req) => {
      const p = needPlatformAdmin(req);
      const err = req.validationError as (Error & { validationContext?: string }) | undefined;
      if (err && err.validationContext !== 'body') bodyOf(req, settingsSchema);
      const saved = await saveOverride(ctx.db, req.params.item, req.body, actorOf(p));
      await audit(req, `settings ${req.params.item}: ${JSON.stringify(saved.override)}`.slice(0, 500));
      return saved;
    },
  );
}
