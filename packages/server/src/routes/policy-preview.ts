import type { FastifyInstance } from 'fastify';
import type { Resource } from '@medplum/fhirtypes';
import {
  AuthError,
  badRequest,
  FhirStore,
  hasPermission,
  isKnownResourceType,
  policyApplies,
  PolicyValidationError,
  validatePolicy,
  type AccessPolicy,
  type Kernel,
  type PolicyPreviewRequest,
  type PolicyPreviewResult,
  type Principal,
} from '@medunion/kernel';
import { principalOf, requirePermission } from '../http/principal.ts';
import { auditAdmin, managedInstitution } from './admin-common.ts';

const SAMPLE_SIZE = 10;
// Paging and shaping are the preview's own business; the rest of the query is the caller's.
const PREVIEW_CONTROLLED = new Set(['_count', '_offset', '_total', '_summary', '_elements', '_include', '_revinclude', '_sort']);

/** A short human label for a sample row: a name, title or code text, else the reference. */
export function displayOf(resource: Resource): string {
  const r = resource as unknown as Record<string, unknown>;
  const name = r.name;
  if (typeof name === 'string' && name) return name;
  if (Array.isArray(name) && name.length) {
    const first = name[0] as { text?: string; family?: string; given?: string[] };
    const text = first.text ?? [first.family, ...(first.given ?? [])].filter(Boolean).join('');
    if (text) return text;
  }
  if (typeof r.title === 'string' && r.title) return r.title;
  const code = r.code as { text?: string; coding?: { display?: string; code?: string }[] } | undefined;
  const codeText = code?.text ?? code?.coding?.[0]?.display ?? code?.coding?.[0]?.code;
  if (codeText) return codeText;
  if (typeof r.description === 'string' && r.description) return r.description;
  return `${resource.resourceType}/${resource.id}`;
}

/** validatePolicy checks the subject object but not its lists, which policyApplies iterates. */
function checkDraft(draft: AccessPolicy): void {
  try {
    validatePolicy(draft);
  } catch (err) {
    if (err instanceof PolicyValidationError) throw badRequest(err.message, `draft.${err.field}`);
    throw err;
  }
  for (const field of ['users', 'roles', 'clients'] as const) {
    const list = draft.subjects[field];
    if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))) {
      throw badRequest(`subjects.${field}: must be a list of strings`, `draft.subjects.${field}`);
    }
  }
}

/**
 * "What can user X see?": runs the search through a store whose policy source is the stored policies with the
 * draft swapped in (never saved), as X's principal — the same SQL every real request of X compiles to.
 */
export async function policyPreviewRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.post<{ Body: PolicyPreviewRequest }>(
    '/api/admin/policies/preview',
    {
      preHandler: requirePermission('admin.policy.manage'),
      schema: {
        tags: ['admin'],
        summary: 'What can user X see? Evaluate the access policies (optionally with an unsaved draft) for a user and a FHIR search',
        body: {
          type: 'object',
          required: ['username', 'resourceType'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 128 },
            institution: { type: 'string', minLength: 1, maxLength: 64, description: "Institution to act for; default: the user's first" },
            resourceType: { type: 'string', minLength: 1, maxLength: 64 },
            query: { type: 'string', maxLength: 2000, description: "FHIR search query string without '?'" },
            draft: { type: 'object', description: 'An AccessPolicy replacing the stored one of the same id (or added) for this evaluation only' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['username', 'permissions', 'canSearch', 'total', 'sample', 'policies'],
            properties: {
              username: { type: 'string' },
              institution: { type: 'string' },
              permissions: { type: 'array', items: { type: 'string' } },
              canSearch: { type: 'boolean', description: 'false when the user lacks fhir.search' },
              total: { type: 'integer' },
              sample: { type: 'array', items: { type: 'object', required: ['reference', 'display'], properties: { reference: { type: 'string' }, display: { type: 'string' } } } },
              policies: {
                type: 'array',
                items: { type: 'object', required: ['id', 'effect', 'applies'], properties: { id: { type: 'string' }, effect: { type: 'string', enum: ['allow', 'deny'] }, applies: { type: 'boolean' } } },
              },
            },
          },
        },
      },
    },
    async (req): Promise<PolicyPreviewResult> => {
      const admin = principalOf(req);
      const { username, institution, resourceType, query = '', draft } = req.body;
      if (!isKnownResourceType(resourceType)) throw badRequest(`Unknown resource type "${resourceType}"`, 'resourceType');
      if (draft !== undefined) checkDraft(draft);
      // Below region level, previews stay within the caller's institution: the sample shows real names.
      const user = await kernel.auth.getUser({ username }, managedInstitution(admin));
      if (!user) throw badRequest(`No user "${username}"${admin.regionAdmin ? '' : ' in your institution'}`, 'username');
      if (!user.active) throw badRequest(`User ${username} is deactivated and can see nothing`, 'username');

      const memberships = [...new Set(user.roles.flatMap((r) => (r.institution ? [r.institution] : [])))].sort();
      if (institution !== undefined && !memberships.includes(institution)) throw badRequest(`User ${username} holds no role in institution ${institution}`, 'institution');
      let principal: Principal;
      try {
        principal = await kernel.auth.principalFor('user', user.id, institution ?? memberships[0]);
      } catch (err) {
        // The user changed meanwhile (deactivated, role removed): a bad request for this preview, not the admin's 401.
        if (err instanceof AuthError) throw badRequest(`User ${username} cannot act now: ${err.message}`, 'username');
        throw err;
      }

      const stored = await kernel.policies.all();
      const policies = draft ? [...stored.filter((p) => p.id !== draft.id), draft] : stored;
      const canSearch = hasPermission(principal, 'fhir.search');
      let total = 0;
      let sample: PolicyPreviewResult['sample'] = [];
      if (canSearch) {
        const params = [...new URLSearchParams(query)].filter(([key]) => !PREVIEW_CONTROLLED.has(key));
        params.push(['_count', String(SAMPLE_SIZE)], ['_total', 'accurate']);
        // No audit hook: this is the administrator's preview (audited below), not a search by the user.
        const store = new FhirStore({ db: kernel.db, policies: async () => policies });
        const result = await store.search({ principal, interface: 'fhir', sourceIp: req.ip, strictHandling: true }, resourceType, params);
        total = result.total ?? 0;
        sample = result.resources.map((r) => ({ reference: `${r.resourceType}/${r.id}`, display: displayOf(r) }));
      }
      await auditAdmin(kernel, req, `policy preview for user ${username}: ${resourceType}${query ? `?${query}` : ''}${draft ? ` with draft ${draft.id}` : ''}`);
      return {
        username: user.username,
        ...(principal.institution ? { institution: principal.institution } : {}),
        permissions: principal.permissions,
        canSearch,
        total,
        sample,
        policies: policies.map((p) => ({ id: p.id, effect: p.effect, applies: policyApplies(p, { principal, access: 'read', interface: 'fhir' }) })),
      };
    },
  );
}
