import type { CodeSystem } from '@medplum/fhirtypes';
import { notFound, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { indexCodeSystem, indexedByUrl, removeFromIndex, type IndexedCodeSystem } from './concept-index.ts';

/**
 * Finds the indexed CodeSystem an operation should answer from, keeping the index in step with the store:
 *
 * - freshness: one count-only store search (`url=…&_lastUpdated=gt<newest indexed>`) tells whether a version of
 *   this url was stored or changed since it was indexed (through FHIR REST, a Bundle, another process); if so the
 *   versions are loaded through the store and re-indexed before answering. The `CodeSystem:*` event handlers
 *   usually got there first, so this is rarely more than the count;
 * - access: a second count-only search (`_id=…`) as the caller checks that the store's access policies let the
 *   caller see that CodeSystem (invisible ones are "not known", like in a search).
 */
export class CodeSystemResolver {
  constructor(private readonly ctx: ModuleContext) {}

  /** The CodeSystem for `url` (a canonical, optionally `url|version`) and version: that version, else the current one. */
  async resolve(request: RequestContext, canonical: string, version?: string): Promise<IndexedCodeSystem> {
    const [url, pinned] = splitCanonical(canonical);
    const wanted = version ?? pinned;
    for (const candidate of currentFirst(await this.fresh(url), wanted)) {
      if (await this.visible(request, candidate.resourceId)) return candidate;
    }
    throw notFound(wanted ? `CodeSystem ${url}|${wanted} is not known to this server` : `CodeSystem ${url} is not known to this server`);
  }

  /** Every version of `url` in the index, after making sure the index is current. */
  async fresh(url: string): Promise<IndexedCodeSystem[]> {
    const rows = await indexedByUrl(this.ctx.db, url);
    return (await this.changedSince(url, rows)) ? this.reindex(url) : rows;
  }

  /** Loads the stored versions of `url` and indexes the ones the index lacks; drops those no longer stored. */
  async reindex(url: string): Promise<IndexedCodeSystem[]> {
    const found = await this.ctx.store.search(this.ctx.systemContext, 'CodeSystem', [
      ['url', url],
      ['_count', '100'],
    ]);
    const stored = found.resources as CodeSystem[];
    const indexed: IndexedCodeSystem[] = [];
    for (const cs of stored) indexed.push(await indexCodeSystem(this.ctx.db, cs));
    for (const row of await indexedByUrl(this.ctx.db, url)) {
      if (!stored.some((cs) => cs.id === row.resourceId)) await removeFromIndex(this.ctx.db, row.resourceId);
    }
    return indexed;
  }

  private async changedSince(url: string, rows: IndexedCodeSystem[]): Promise<boolean> {
    const newest = rows.reduce<string | undefined>((max, r) => (max === undefined || r.lastUpdated > max ? r.lastUpdated : max), undefined);
    const query: [string, string][] = [
      ['url', url],
      ['_summary', 'count'],
    ];
    if (newest) query.push(['_lastUpdated', `gt${newest}`]);
    const { total } = await this.ctx.store.search(this.ctx.systemContext, 'CodeSystem', query);
    return (total ?? 0) > 0;
  }

  private async visible(request: RequestContext, resourceId: string): Promise<boolean> {
    const { total } = await this.ctx.store.search(request, 'CodeSystem', [
      ['_id', resourceId],
      ['_summary', 'count'],
    ]);
    return total === 1;
  }
}

/** `http://x|1.0` → [`http://x`, `1.0`]. */
export function splitCanonical(canonical: string): [string, string | undefined] {
  const bar = canonical.lastIndexOf('|');
  return bar < 0 ? [canonical, undefined] : [canonical.slice(0, bar), canonical.slice(bar + 1) || undefined];
}

/**
 * Candidates in preference order. With a version: that version only. Without: complete code systems before
 * fragments (the imported 国家临床版 before the shipped chapters and blocks), then active before draft and
 * retired, then the most recently stored.
 */
export function currentFirst(rows: IndexedCodeSystem[], version: string | undefined): IndexedCodeSystem[] {
  if (version !== undefined) return rows.filter((r) => r.version === version);
  const rank = (r: IndexedCodeSystem) => (r.content === 'complete' ? 0 : 1) * 10 + (r.status === 'active' ? 0 : 1);
  return [...rows].sort((a, b) => rank(a) - rank(b) || b.lastUpdated.localeCompare(a.lastUpdated));
}
