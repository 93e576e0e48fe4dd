import type { Patient } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { RESIDENT_ID_CARD } from '../urls.ts';
import type { Uploader } from './uploader.ts';
import { genderOf, humanName, inOneTransaction, type Outcome, type UploadWrites } from './write.ts';

export interface PatientUpload {
  mrn: string;
  name: string;
  gender: string;
  birthDate: string;
  idCard?: string;
  phone?: string;
  address?: string;
}

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** The institution's 病历号 system, from the identifier registry (terminology's declared service). */
export function mrnSystemOf(ctx: ModuleContext, institution: string): string {
  return ctx.service<{ institutionSystems(id: string): { mrn: string } }>('terminology').institutionSystems(institution).mrn;
}

/**
 * 患者信息上传: a source Patient under the institution's MRN. The patient index links it to the person's
 * golden record by itself (Patient events). The same MRN with another resident ID card is an identity conflict (409).
 */
export async function uploadPatient(ctx: ModuleContext, up: Uploader, body: PatientUpload): Promise<{ outcome: Outcome; ids: { patient: string } }> {
  const mrnSystem = mrnSystemOf(ctx, up.institution.organizationId);
  return inOneTransaction(ctx, up.request, async (w) => {
    const existing = await w.find<Patient>('Patient', mrnSystem, body.mrn);
    const storedCard = existing?.identifier?.find((i) => i.system === RESIDENT_ID_CARD)?.value;
    if (storedCard && body.idCard && storedCard !== body.idCard) {
      throw fieldError(409, 'idCard', `病历号 ${body.mrn} 已登记为另一身份证号的患者，身份不一致`, `MRN ${body.mrn} belongs to a patient with another ID card number: identity conflict`, 'conflict');
    }
    const patient = await w.upsert<Patient>({
      resourceType: 'Patient',
      identifier: [
        { use: 'usual', type: { coding: [{ system: V2_0203, code: 'MR' }], text: '病历号' }, system: mrnSystem, value: body.mrn },
        ...(body.idCard ?? storedCard ? [{ use: 'official' as const, type: { coding: [{ system: V2_0203, code: 'NI' }], text: '居民身份证' }, system: RESIDENT_ID_CARD, value: body.idCard ?? storedCard }] : []),
      ],
      active: true,
      name: [humanName(body.name)],
      gender: genderOf(body.gender),
      birthDate: body.birthDate,
      ...(body.phone ? { telecom: [{ system: 'phone' as const, value: body.phone }] } : {}),
      ...(body.address ? { address: [{ text: body.address }] } : {}),
      managingOrganization: { reference: `Organization/${up.institution.organizationId}` },
    });
    return { outcome: w.outcome, ids: { patient: patient.id } };
  });
}

/** The source Patient an upload refers to by MRN; 422 naming `patientMrn` when it was never uploaded. */
export async function patientByMrn(ctx: ModuleContext, w: UploadWrites, institution: string, mrn: string): Promise<Patient & { id: string }> {
  const found = await w.find<Patient>('Patient', mrnSystemOf(ctx, institution), mrn);
  if (!found) throw fieldError(422, 'patientMrn', `病历号 ${mrn} 的患者尚未上传，请先调用患者信息上传`, `No patient with MRN ${mrn}: upload the patient first`, 'not-found');
  return found;
}
