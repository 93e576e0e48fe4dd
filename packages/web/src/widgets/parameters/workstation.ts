/** Where this browser keeps its workstation id (本机标识), the key of 本机参数 (seed 000 LIS §10). */
export const WORKSTATION_STORAGE_KEY = 'medunion.workstation';

/** What an id may look like: it travels in a header and in admin URLs. */
export const WORKSTATION_ID = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A new id such as 'ws-k3f9q2m7x1ab' (no 0/o/1/l/i, so it can be read out over the phone). */
export function newWorkstationId(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return `ws-${[...random(12)].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

/** The minimal Storage surface (localStorage in the browser, a Map-backed object in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** This browser's workstation id: generated once and kept, so 本机参数 set for it keep applying. */
export function workstationId(storage: KeyValueStorage, generate: () => string = newWorkstationId): string {
  const saved = storage.getItem(WORKSTATION_STORAGE_KEY);
  if (saved && WORKSTATION_ID.test(saved)) return saved;
  const id = generate();
  storage.setItem(WORKSTATION_STORAGE_KEY, id);
  return id;
}

/** Renames the workstation (an administrator gives reception PCs readable names); false when the id is not acceptable. */
export function renameWorkstation(storage: KeyValueStorage, id: string): boolean {
  const next = id.trim().toLowerCase();
  if (!WORKSTATION_ID.test(next)) return false;
  storage.setItem(WORKSTATION_STORAGE_KEY, next);
  return true;
}
