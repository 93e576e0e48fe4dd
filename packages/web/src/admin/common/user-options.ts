import { listUsers } from '../users.api.ts';
import type { RemoteOption } from './remote-select.tsx';

/** Users matching typed text as picker options (name and username shown), valued by username or by user id. */
export async function userOptions(text: string, value: 'username' | 'id'): Promise<RemoteOption[]> {
  const { users } = await listUsers({ search: text || undefined, count: 20, offset: 0 });
  return users.map((u) => ({ value: value === 'id' ? u.id : u.username, label: u.displayName ? `${u.displayName} (${u.username})` : u.username }));
}
