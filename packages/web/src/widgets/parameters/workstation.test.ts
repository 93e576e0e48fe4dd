import { describe, expect, it } from 'vitest';
import { newWorkstationId, renameWorkstation, WORKSTATION_ID, WORKSTATION_STORAGE_KEY, workstationId, type KeyValueStorage } from './workstation.ts';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('workstation id', () => {
  it('is generated once and then kept', () => {
    const storage = memoryStorage();
    const first = workstationId(storage);
    expect(first).toMatch(/^ws-[a-z2-9]{12}$/);
    expect(WORKSTATION_ID.test(first)).toBe(true);
    expect(workstationId(storage, () => 'ws-other')).toBe(first);
    expect(storage.data[WORKSTATION_STORAGE_KEY]).toBe(first);
  });

  it('avoids characters that are misread (0/o, 1/l/i)', () => {
    const id = newWorkstationId((n) => Uint8Array.from({ length: n }, (_, i) => i * 7));
    expect(id.slice(3)).not.toMatch(/[01oli]/);
  });

  it('replaces a stored id that is not acceptable', () => {
    const storage = memoryStorage({ [WORKSTATION_STORAGE_KEY]: 'Bad Id!' });
    expect(workstationId(storage, () => 'ws-fresh0001')).toBe('ws-fresh0001');
  });

  it('can be renamed to a readable id, lower-cased, and refuses unusable ones', () => {
    const storage = memoryStorage();
    expect(renameWorkstation(storage, ' JYK-Reception-01 ')).toBe(true);
    expect(workstationId(storage)).toBe('jyk-reception-01');
    expect(renameWorkstation(storage, 'a')).toBe(false);
    expect(renameWorkstation(storage, 'has space')).toBe(false);
    expect(renameWorkstation(storage, '-leading')).toBe(false);
    expect(workstationId(storage)).toBe('jyk-reception-01');
  });
});
