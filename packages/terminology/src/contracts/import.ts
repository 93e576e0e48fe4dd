/** `POST /api/terminology/import` (multipart): the stored CodeSystem version. */
export interface ImportResult {
  codeSystem: { id: string; url: string; version: string; title: string; count: number; institution?: string; kind: string };
  rows: number;
  format: 'csv' | 'xlsx';
  encoding?: string;
}
