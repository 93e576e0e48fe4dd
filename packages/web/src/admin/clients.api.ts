import { api } from '../api/http.api.ts';

/** A registered API client (OAuth2 client credentials); the secret is never returned after registration. */
export interface ApiClient {
  clientId: string;
  name: string;
  institution?: string;
  roles: string[];
  active: boolean;
  createdAt: string;
  lastUsedAt?: string;
}

export interface NewClient {
  name: string;
  institution?: string;
  roles: string[];
}

export const listClients = (): Promise<ApiClient[]> => api('/api/admin/clients');

/** The secret in the answer is shown once: only its hash is stored. */
export const registerClient = (client: NewClient): Promise<{ clientId: string; clientSecret: string }> =>
  api('/api/admin/clients', { method: 'POST', body: client });

export const revokeClient = (clientId: string): Promise<void> => api(`/api/admin/clients/${encodeURIComponent(clientId)}`, { method: 'DELETE' });
