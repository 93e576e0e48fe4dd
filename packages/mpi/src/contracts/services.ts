/**
 * What other modules may ask the patient index through `ctx.service<PatientIndexServices>('mpi')`. Answers come from
 * the index tables (the truth the golden Patients are written from), without audit entries: callers audit the
 * access they make with the answer.
 */
export interface PatientIndexServices {
  /**
   * The person a Patient id belongs to — a source record or a golden record (a merged-away golden record resolves
   * to the one that replaced it) — with every active source record. Undefined when the index does not know the id
   * (not a Patient, or registered moments ago and not matched yet).
   */
  personOf(patientId: string): Promise<IndexedPerson | undefined>;
  /**
   * Active source records carrying an identifier. Institution-scoped systems (outpatient and inpatient numbers)
   * are looked up within `institution`. Empty when none, or when the index has not indexed the record yet.
   */
  recordsWithIdentifier(system: string, value: string, institution?: string): Promise<string[]>;
}

export interface IndexedPerson {
  goldenId: string;
  sources: IndexedSource[];
}

export interface IndexedSource {
  recordId: string;
  /** The owning institution (Organization id) of the source record. */
  institution: string | null;
  /** The name as the record gives it (HumanName.text, else family + given). */
  name?: string;
}
