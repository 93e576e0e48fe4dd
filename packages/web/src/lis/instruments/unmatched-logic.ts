import type { AssignUnmatchedInput, UnmatchedResult } from '@medunion/lis/contracts';

/** What the assignment form starts with for a held result. */
export interface AssignDraft {
  /** Prefilled when the analyzer's id is a specimen the LIS knows (the problem was the channel or the order). */
  specimen: string;
  testCode?: string;
  /** The channel has no test: one must be named. */
  needsTest: boolean;
  includeSameSample: boolean;
  saveMapping: boolean;
}

export function assignDraft(r: UnmatchedResult): AssignDraft {
  const knownSpecimen = r.reason !== 'unknown-specimen' && r.reason !== 'unknown-qc-sample';
  return { specimen: knownSpecimen ? r.sampleId : '', testCode: r.testCode, needsTest: !r.testCode, includeSameSample: true, saveMapping: false };
}

/** The assignment body: only what differs from the API's defaults. */
export function assignInput(r: UnmatchedResult, form: { specimen?: string; testCode?: string; saveMapping?: boolean; includeSameSample?: boolean; note?: string }): AssignUnmatchedInput {
  const input: AssignUnmatchedInput = {};
  const specimen = form.specimen?.trim();
  if (specimen) input.specimen = specimen;
  if (form.testCode && form.testCode !== r.testCode) input.testCode = form.testCode;
  // Saving a mapping needs the test even when it is the one already mapped at receipt.
  if (form.saveMapping && form.testCode) {
    input.testCode = form.testCode;
    input.saveMapping = true;
  }
  if (form.includeSameSample) input.includeSameSample = true;
  const note = form.note?.trim();
  if (note) input.note = note;
  return input;
}

/** Other open results of the same sample in the same message: dismissed together when asked. */
export function sameSampleOpen(all: readonly UnmatchedResult[], r: UnmatchedResult): UnmatchedResult[] {
  return all.filter((o) => o.id !== r.id && o.status === 'open' && o.sampleId === r.sampleId && o.instrument === r.instrument && o.messageId === r.messageId);
}

/**
 * The row to select after some left the list (assigned or dismissed): the first remaining one at or after the
 * position of the first handled, else the last one — so scanning through a queue moves down it.
 */
export function nextAfter(before: readonly UnmatchedResult[], handled: ReadonlySet<string>, after: readonly UnmatchedResult[]): UnmatchedResult | undefined {
  const start = Math.max(before.findIndex((r) => handled.has(r.id)), 0);
  const remaining = new Set(after.map((r) => r.id));
  const next = before.slice(start).find((r) => !handled.has(r.id) && remaining.has(r.id));
  return next ? after.find((r) => r.id === next.id) : after[after.length - 1];
}

/** Moves a selection by `step` rows within `rows`, staying at the ends. */
export function moveSelection(rows: readonly { id: string }[], current: string | undefined, step: number): string | undefined {
  if (!rows.length) return undefined;
  const at = rows.findIndex((r) => r.id === current);
  const next = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step));
  return rows[next].id;
}
