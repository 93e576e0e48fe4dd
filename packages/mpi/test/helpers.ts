import type { Patient } from '@medplum/fhirtypes';
import { MPI_SUBSCRIBERS, subscribersSettled } from '../../server/test/http/helpers.ts';
import type { TestPlatform } from '../../server/test/platform.ts';
import { idCardCheckCharacter } from '../src/identifiers/resident-id-card.ts';
import { ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from '../src/identifiers/systems.ts';

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A valid 18-digit ID card number (division 330727, sequence odd for men). */
export function idCard(birthDate: string, sex: 'male' | 'female', sequence = 1, division = '330727'): string {
  const seq = sequence * 2 + (sex === 'male' ? 1 : 0);
  const first17 = `${division}${birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckCharacter(first17);
}

/**
 * Waits until the index has handled every committed Patient change and written the golden Patients that follow
 * (both subscribers have nothing pending), failing at once with the handler's error if an event was dead-lettered.
 */
export function indexSettled(t: TestPlatform, timeoutMs = 30_000): Promise<void> {
  return subscribersSettled(t, MPI_SUBSCRIBERS, timeoutMs);
}

export interface PersonInput {
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  institution: string;
  mrn: string;
  idCard?: string;
  phone?: string;
  address?: string;
}

/** A source Patient as an institution's HIS registers it (MRN in the institution's own system). */
export function sourcePatient(p: PersonInput): Patient {
  return {
    resourceType: 'Patient',
    identifier: [
      ...(p.idCard ? [{ system: ID_CARD_SYSTEM, value: p.idCard }] : []),
      { system: `${MRN_SYSTEM_PREFIX}/${p.institution}`, value: p.mrn },
    ],
    name: [{ use: 'official', text: p.name, family: p.name[0], given: [p.name.slice(1)] }],
    gender: p.gender,
    birthDate: p.birthDate,
    ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }] } : {}),
    ...(p.address ? { address: [{ use: 'home', text: p.address }] } : {}),
    managingOrganization: { reference: `Organization/${p.institution}` },
  };
}

/** Creates a source record over FHIR REST as `token`'s user and returns its id. */
export async function register(t: TestPlatform, token: string, p: PersonInput): Promise<string> {
  const res = await t.request('POST', '/fhir/R4/Patient', { token, body: sourcePatient(p) });
  if (res.status !== 201) throw new Error(`register ${p.name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as Patient).id!;
}

export interface Resolved {
  golden: Patient;
  empi: string;
  status: string;
  sources: { patientId: string; institution: string | null }[];
}

export async function resolve(t: TestPlatform, token: string, system: string, value: string): Promise<Resolved> {
  const res = await t.request('GET', `/api/mpi/resolve?identifier=${encodeURIComponent(`${system}|${value}`)}`, { token });
  if (res.status !== 200) throw new Error(`resolve ${system}|${value}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Resolved;
}
