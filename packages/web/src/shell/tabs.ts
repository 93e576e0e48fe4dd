/** An open page in the tab strip (多页签), keyed by its path. */
export interface OpenTab {
  key: string;
  label: string;
  closable: boolean;
}

/** Opens (or relabels, after a language switch) a tab; tabs keep the order in which they were opened. */
export function openTab(tabs: readonly OpenTab[], tab: OpenTab): OpenTab[] {
  const at = tabs.findIndex((t) => t.key === tab.key);
  if (at < 0) return [...tabs, tab];
  if (tabs[at].label === tab.label) return tabs as OpenTab[];
  return tabs.map((t, i) => (i === at ? { ...t, label: tab.label } : t));
}

/** Closes a tab; if it was the active one, the neighbour to its right (else left) becomes active, as in common admin consoles. */
export function closeTab(tabs: readonly OpenTab[], key: string, activeKey: string): { tabs: OpenTab[]; activeKey: string } {
  const at = tabs.findIndex((t) => t.key === key);
  if (at < 0 || !tabs[at].closable) return { tabs: [...tabs], activeKey };
  const rest = tabs.filter((t) => t.key !== key);
  if (key !== activeKey) return { tabs: rest, activeKey };
  const next = rest[Math.min(at, rest.length - 1)];
  return { tabs: rest, activeKey: next?.key ?? '/' };
}

/** Keeps the fixed tabs and the given one. */
export function closeOtherTabs(tabs: readonly OpenTab[], keep: string): OpenTab[] {
  return tabs.filter((t) => !t.closable || t.key === keep);
}
