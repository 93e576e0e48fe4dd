/**
 * E1394 universal test ID: components 1-3 are the universal identifier, name and type; component 4
 * is the manufacturer's local code, which is what analyzers use (`^^^GLU`). Further components are
 * instrument-specific (dilution, replicate, …).
 */
export interface AstmTestId {
  /** Component 4 (manufacturer's code), or component 1 when component 4 is empty. */
  code: string;
  /** Component 5, when the instrument names the test there. */
  name?: string;
  components: string[];
}

export function readTestId(components: string[]): AstmTestId {
  const code = components[3] || components[0] || '';
  const name = components[4] || undefined;
  return { code, ...(name ? { name } : {}), components: [...components] };
}

/** `'GLU'` → `^^^GLU`; an array is taken as the components themselves. */
export function testIdComponents(test: string | string[]): string[] {
  return typeof test === 'string' ? ['', '', '', test] : [...test];
}
