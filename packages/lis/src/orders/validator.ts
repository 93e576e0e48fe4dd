import type { OperationOutcomeIssue, Resource, ServiceRequest } from '@medplum/fhirtypes';
import type { ResourceWriteValidator } from '@medunion/kernel';
import { MEDUNION } from '../urls.ts';

const PANELS_PREFIX = `${MEDUNION}/lis/CodeSystem/panels/`;
const REQUISITION_PREFIX = `${MEDUNION}/lis/sid/requisition/`;

const problem = (expression: string, zh: string, en: string): OperationOutcomeIssue => ({ severity: 'error', code: 'required', details: { text: `${zh} / ${en}` }, expression: [expression] });

/**
 * A lab order written through any path (FHIR API from HIS, Bundles, this module): a ServiceRequest coded with an
 * institution's panel code system must carry what accession needs — a patient subject and a requisition number in
 * the same institution's requisition system. Other ServiceRequests (imaging, referrals) are not ours to judge.
 */
export const checkLabOrder: ResourceWriteValidator = (resource: Resource) => {
  const order = resource as ServiceRequest;
  const panel = order.code?.coding?.find((c) => c.system?.startsWith(PANELS_PREFIX));
  if (!panel) return [];
  const institution = panel.system!.slice(PANELS_PREFIX.length);
  const issues: OperationOutcomeIssue[] = [];
  if (!order.subject?.reference?.startsWith('Patient/')) issues.push(problem('ServiceRequest.subject', '检验医嘱须指明患者（Patient）', 'A lab order names its patient (Patient)'));
  if (order.requisition?.system !== `${REQUISITION_PREFIX}${institution}` || !order.requisition.value) {
    issues.push(problem('ServiceRequest.requisition', `检验医嘱须带本机构申请单号（system ${REQUISITION_PREFIX}${institution}）`, `A lab order carries a requisition number of its institution (system ${REQUISITION_PREFIX}${institution})`));
  }
  return issues;
};
