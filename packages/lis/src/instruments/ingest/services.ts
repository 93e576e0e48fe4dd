import type { Patient } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import type { IncomingResult, SpecimenWork } from '../../ports.ts';
import { isQcSample, recordQcResult } from '../../qc/record.ts';
import { recordResults } from '../../results/record.ts';
import { findSpecimen } from '../../specimens/find.ts';

/** What a worklist needs to say about the patient (analyzers use sex and age for flags). */
export interface PatientSummary {
  id: string;
  name?: string;
  sex?: 'M' | 'F' | 'U';
  birthDate?: string;
}

/**
 * What the drivers need from the rest of the LIS, as plain functions bound to one module context: the areas' ports
 * (specimens, results, QC, catalogue). Drivers depend on this interface only, so their unit tests can pass fakes;
 * the platform passes `bindServices(ctx)`, the real areas.
 */
export interface InstrumentServices {
  findSpecimen(institution: string, barcodeOrSampleNo: string): Promise<SpecimenWork | undefined>;
  isQcSample(institution: string, instrumentId: string, sampleId: string): Promise<boolean>;
  recordResults(input: { institution: string; specimenId: string; instrumentId: string; results: IncomingResult[] }): Promise<{ observations: string[] }>;
  recordQcResult(input: { institution: string; instrumentId: string; qcSampleId: string; testCode: string; value: number; at: string }): Promise<{ status: string }>;
  patient(patientId: string): Promise<PatientSummary | undefined>;
  /** Test names by code (worklist display text); empty when the catalogue is not available. */
  testNames(institution: string): Promise<Map<string, string>>;
}

const SEX: Record<string, PatientSummary['sex']> = { male: 'M', female: 'F' };

export function bindServices(ctx: ModuleContext): InstrumentServices {
  const system = ctx.systemContext;
  return {
    findSpecimen: (institution, key) => findSpecimen(ctx, institution, key),
    isQcSample: (institution, instrumentId, sampleId) => isQcSample(ctx, institution, instrumentId, sampleId),
    recordResults: async (input) => {
      const { observations } = await recordResults(ctx, system, { ...input, source: 'instrument' });
      return { observations: observations.map((o) => o.id) };
    },
    recordQcResult: (input) => recordQcResult(ctx, system, { ...input, source: 'instrument' }),
    patient: async (patientId) => {
      const patient = (await ctx.store.read(system, 'Patient', patientId).catch(() => undefined)) as Patient | undefined;
      if (!patient) return undefined;
      const name = patient.name?.[0];
      return {
        id: patientId,
        name: name?.text ?? [name?.family, ...(name?.given ?? [])].filter(Boolean).join(''),
        sex: SEX[patient.gender ?? ''] ?? 'U',
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
      };
    },
    testNames: async (institution) => {
      const { tests } = await loadCatalogue(ctx, institution);
      return new Map([...tests.values()].map((t) => [t.code, t.name]));
    },
  };
}
