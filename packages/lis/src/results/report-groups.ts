import type { PanelDefinition, SpecimenWork } from '../ports.ts';
import { CS } from '../urls.ts';

/** The panels of one specimen reported together: one DiagnosticReport per specimen × lab section (专业组). */
export interface ReportGroup {
  section: string;
  panels: PanelDefinition[];
  /** ServiceRequests (order lines) of these panels. */
  orderIds: string[];
  /** Test codes in report order (each panel's order, panels in the order they were ordered), each once. */
  tests: string[];
}

const panelCodeOf = (order: SpecimenWork['orders'][number], institution: string): string | undefined => order.code?.coding?.find((c) => c.system === CS.panels(institution))?.code;

/**
 * Groups a specimen's orders by lab section. A tube normally serves one section (its panels share the tube); when a
 * specimen's panels span sections each gets its own report, so each section reviews and releases its own work.
 * Ordered tests no known panel reports (a panel retired since the order) form a group of their own.
 */
export function reportGroups(work: SpecimenWork, panels: Map<string, PanelDefinition>, institution: string): ReportGroup[] {
  const groups = new Map<string, ReportGroup>();
  const covered = new Set<string>();
  for (const order of work.orders) {
    const panel = panels.get(panelCodeOf(order, institution) ?? '');
    if (!panel) continue;
    const group = groups.get(panel.section) ?? { section: panel.section, panels: [], orderIds: [], tests: [] };
    groups.set(panel.section, group);
    if (!group.panels.includes(panel)) group.panels.push(panel);
    group.orderIds.push(order.id);
    for (const t of panel.tests) {
      if (!work.tests.includes(t) || group.tests.includes(t)) continue;
      if (covered.has(t)) continue; // the first section to report a test keeps it
      group.tests.push(t);
      covered.add(t);
    }
  }
  const rest = work.tests.filter((t) => !covered.has(t));
  if (rest.length) {
    const group = groups.get('') ?? { section: '', panels: [], orderIds: [], tests: [] };
    group.tests.push(...rest);
    groups.set('', group);
  }
  return [...groups.values()];
}

/** The group that reports a test. */
export const groupOfTest = (groups: ReportGroup[], test: string): ReportGroup | undefined => groups.find((g) => g.tests.includes(test));

/** The report number (报告单号) of a group: `<barcode>-<section>`, `-R<n>` for the n-th reissue after a recall. */
export function reportNumber(barcode: string, section: string, reissue: number): string {
  const base = section && /^[A-Za-z0-9._-]{1,20}$/.test(section) ? `${barcode}-${section}` : barcode;
  return reissue > 0 ? reissueNumber(base, reissue) : base;
}

export const reissueNumber = (base: string, n: number): string => `${base}-R${n}`;
