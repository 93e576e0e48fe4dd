import type { FastifyRequest } from 'fastify';
import type { Principal, RequestContext } from '@medunion/kernel';
import { getInstitution, type RecognitionInstitution } from '../admin/institutions.ts';
import type { ModuleContext } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { need } from '../routes/guard.ts';

/** The uploading institution, established from the token alone: data is always filed under it. */
export interface Uploader {
  principal: Principal;
  institution: RecognitionInstitution;
  /** Writes go through the store as the caller, so permissions, own-institution policies and audit apply. */
  request: RequestContext;
}

/**
 * The caller of an upload: needs `recognition.upload`, must act for an institution that takes part in
 * recognition and is enabled, and may name only that institution in `institutionCode` (403 otherwise).
 */
export async function uploaderOf(ctx: ModuleContext, req: FastifyRequest, institutionCode?: string): Promise<Uploader> {
  const principal = need(req, 'recognition.upload');
  if (!principal.institution) throw fieldError(403, 'token', '令牌未关联医疗机构，不能上传', 'The token acts for no institution, so it cannot upload', 'forbidden');
  const institution = await getInstitution(ctx.db, principal.institution);
  if (!institution || !institution.enabled) {
    throw fieldError(403, 'token', `机构 ${principal.institution} 未参与互认或已停用`, `Institution ${principal.institution} does not take part in recognition or is disabled`, 'forbidden');
  }
  if (institutionCode !== undefined && institutionCode !== institution.code) {
    throw fieldError(403, 'institutionCode', `只能上传本机构（${institution.code}）的数据`, `A token of ${institution.code} may upload only its own institution's data`, 'forbidden');
  }
  return { principal, institution, request: { principal, interface: 'api', sourceIp: req.ip } };
}
