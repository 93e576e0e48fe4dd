import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, forbidden, type Kernel, type ParameterScope, type Principal, type ScopeParameters } from '@medunion/kernel';
import { principalOf, requirePermission } from '../http/principal.ts';

/** Header naming the caller's workstation (a stable per-browser id) for 本机参数. */
export const WORKSTATION_HEADER = 'x-medunion-workstation';
const WORKSTATION_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const INSTITUTION_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
const REGION_SCOPE_ID = '-';

const localized = { type: 'object', required: ['zh-CN', 'en'], properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } } } as const;

const definitionSchema = {
  type: 'object',
  required: ['key', 'title', 'type', 'default', 'scopes'],
  properties: {
    key: { type: 'string' },
    title: localized,
    description: localized,
    group: { type: 'string' },
    type: { type: 'string', enum: ['string', 'number', 'boolean', 'enum', 'color', 'json'] },
    options: { type: 'array', items: { type: 'object', required: ['value', 'title'], properties: { value: { type: 'string' }, title: localized } } },
    default: { description: 'Any JSON value of the declared type' },
    scopes: { type: 'array', items: { type: 'string', enum: ['region', 'institution', 'workstation'] } },
    min: { type: 'number' },
    max: { type: 'number' },
  },
} as const;

const valuesSchema = { type: 'object', additionalProperties: true, description: 'Values by parameter key' } as const;

const scopeViewSchema = {
  type: 'object',
  required: ['scope', 'scopeId', 'definitions', 'values'],
  properties: {
    scope: { type: 'string', enum: ['region', 'institution', 'workstation'] },
    scopeId: { type: 'string', description: "'-' for the region; '' when listing workstations" },
    definitions: { type: 'array', items: definitionSchema },
    values: { ...valuesSchema, description: 'Values set explicitly at this scope only' },
    workstations: { type: 'array', items: { type: 'string' }, description: 'Known workstations the caller may manage (scope=workstation without scopeId)' },
  },
} as const;

/** The workstation named by the request header, if any; a malformed one is a 400 rather than silently ignored. */
function workstationOf(req: FastifyRequest): string | undefined {
  const header = req.headers[WORKSTATION_HEADER];
  if (header === undefined || header === '') return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!WORKSTATION_PATTERN.test(value)) throw badRequest(`Header ${WORKSTATION_HEADER} must match ${WORKSTATION_PATTERN.source}`, WORKSTATION_HEADER);
  return value;
}

/**
 * System parameters (seed 000 LIS §10 全院参数设置和本机参数设置). Everyone reads the effective values; holders of
 * admin.parameter.manage set them: the region only as region administrators, an institution only their current one
 * (region administrators: any), a workstation only one of their institution (or a new one, which it then owns).
 */
export async function parameterRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const { parameters } = kernel;

  /** Checks the caller may manage this scope; returns the stored scope id ('' for the region). */
  const authorize = async (p: Principal, scope: ParameterScope, scopeId: string): Promise<string> => {
    if (scope === 'region') {
      if (scopeId !== REGION_SCOPE_ID && scopeId !== '') throw badRequest(`The region's scopeId is "${REGION_SCOPE_ID}"`, 'scopeId');
      if (!p.regionAdmin) throw forbidden('Only region administrators set region-wide parameters');
      return '';
    }
    if (scope === 'institution') {
      if (!INSTITUTION_PATTERN.test(scopeId)) throw badRequest('scopeId must be an institution (Organization) id', 'scopeId');
      if (!p.regionAdmin && scopeId !== p.institution) throw forbidden(`You manage parameters of your institution ${p.institution ?? ''} only`.trim());
      return scopeId;
    }
    if (!WORKSTATION_PATTERN.test(scopeId)) throw badRequest(`scopeId must be a workstation id matching ${WORKSTATION_PATTERN.source}`, 'scopeId');
    if (!p.regionAdmin) {
      if (!p.institution) throw forbidden('Switch to an institution to manage its workstations');
      const owner = await parameters.workstationOwner(scopeId);
      if (owner !== undefined && owner !== p.institution) throw forbidden(`Workstation ${scopeId} belongs to another institution`);
    }
    return scopeId;
  };

  const view = async (scope: ParameterScope, scopeId: string): Promise<ScopeParameters> => ({
    scope,
    scopeId: scope === 'region' ? REGION_SCOPE_ID : scopeId,
    definitions: parameters.definitions(scope),
    values: await parameters.explicit(scope, scopeId),
  });

  app.get(
    '/api/parameters',
    {
      schema: {
        tags: ['parameters'],
        summary: "Parameter declarations and their effective values for the caller's institution and workstation (workstation > institution > region > default)",
        headers: { type: 'object', properties: { [WORKSTATION_HEADER]: { type: 'string', description: 'The calling workstation (本机) id' } } },
        response: { 200: { type: 'object', required: ['definitions', 'values'], properties: { definitions: { type: 'array', items: definitionSchema }, values: valuesSchema } } },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const values = await parameters.resolveAll({ institution: p.institution, workstation: workstationOf(req) });
      return { definitions: parameters.definitions(), values };
    },
  );

  app.get<{ Querystring: { scope: ParameterScope; scopeId?: string } }>(
    '/api/admin/parameters',
    {
      preHandler: requirePermission('admin.parameter.manage'),
      schema: {
        tags: ['parameters'],
        summary: 'Parameters settable at one scope and the values set there; scope=workstation without scopeId lists known workstations',
        querystring: {
          type: 'object',
          required: ['scope'],
          properties: {
            scope: { type: 'string', enum: ['region', 'institution', 'workstation'] },
            scopeId: { type: 'string', maxLength: 64, description: "Institution or workstation id; default: the caller's institution" },
          },
        },
        response: { 200: scopeViewSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { scope } = req.query;
      if (scope === 'workstation' && !req.query.scopeId) {
        if (!p.regionAdmin && !p.institution) throw forbidden('Switch to an institution to manage its workstations');
        return { scope, scopeId: '', definitions: parameters.definitions(scope), values: {}, workstations: await parameters.workstations(p.regionAdmin ? undefined : p.institution) };
      }
      const requested = req.query.scopeId || (scope === 'region' ? REGION_SCOPE_ID : p.institution);
      if (!requested) throw badRequest('scopeId is required (you act for no institution)', 'scopeId');
      return view(scope, await authorize(p, scope, requested));
    },
  );

  app.put<{ Params: { scope: ParameterScope; scopeId: string }; Body: Record<string, unknown> }>(
    '/api/admin/parameters/:scope/:scopeId',
    {
      preHandler: requirePermission('admin.parameter.manage'),
      schema: {
        tags: ['parameters'],
        summary: "Set parameters at one scope (region: scopeId '-'); null removes a value. All or nothing; 400 names each bad key",
        params: { type: 'object', required: ['scope', 'scopeId'], properties: { scope: { type: 'string', enum: ['region', 'institution', 'workstation'] }, scopeId: { type: 'string', maxLength: 64 } } },
        body: { type: 'object', additionalProperties: true, description: '{ [key]: value | null }' },
        response: { 200: scopeViewSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { scope } = req.params;
      const scopeId = await authorize(p, scope, req.params.scopeId);
      await parameters.set({ scope, scopeId, changes: req.body, actor: p, sourceIp: req.ip, institution: p.institution, anyOwner: p.regionAdmin });
      return view(scope, scopeId);
    },
  );
}
