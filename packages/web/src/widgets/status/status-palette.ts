/** Workflow states → antd tag colours (preset names or '#rrggbb'). Pages pass their own palette; this one covers common FHIR statuses. */
export const FHIR_STATUS_PALETTE: Record<string, string> = {
  active: 'green',
  completed: 'blue',
  final: 'blue',
  amended: 'cyan',
  corrected: 'cyan',
  preliminary: 'gold',
  registered: 'default',
  draft: 'default',
  requested: 'processing',
  'in-progress': 'processing',
  'on-hold': 'orange',
  suspended: 'orange',
  inactive: 'default',
  cancelled: 'red',
  revoked: 'red',
  'entered-in-error': 'magenta',
  unknown: 'default',
};

/** The colour of a status; unknown statuses get the neutral one rather than nothing. */
export function statusColour(status: string, palette: Record<string, string>): string {
  return palette[status] ?? palette[status.toLowerCase()] ?? 'default';
}
