import type { AdminClient, ClientCredentials, NewClient } from '@medunion/kernel/contracts';
import { api } from '../api/http.api.ts';

// The shapes are the server's (kernel contracts); this module only calls the endpoints.
export type { AdminClient, NewClient } from '@medunion/kernel/contracts';

export const listClients = (): Promise<AdminClient[]> => api('/api/admin/clients');

/** The secret in the answer is shown once: only its hash is stored. */
export const registerClient = (client: NewClient): Promise<ClientCredentials> =>
  api('/api/admin/clients', { method: 'POST', body: client });

export const revokeClient = (clientId: string): Promise<void> => api(`/api/admin/clients/${encodeURIComponent(clientId)}`, { method: 'DELETE' });
