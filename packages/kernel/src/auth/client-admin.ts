// API clients as the administration pages see them. The secret hash never leaves the database.
import type { Queryable } from '../db/types.ts';
import type { AdminClient } from '../contracts/accounts.ts';

export type { AdminClient } from '../contracts/accounts.ts';

interface ClientRow {
  id: string;
  name: string;
  institution: string | null;
  roles: string[];
  active: boolean;
  created_at: Date | string;
  last_used_at: Date | string | null;
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function toAdminClient(row: ClientRow): AdminClient {
  return {
    clientId: row.id,
    name: row.name,
    ...(row.institution !== null ? { institution: row.institution } : {}),
    roles: row.roles,
    active: row.active,
    createdAt: iso(row.created_at),
    ...(row.last_used_at !== null ? { lastUsedAt: iso(row.last_used_at) } : {}),
  };
}

const COLUMNS = 'id, name, institution, roles, active, created_at, last_used_at';

/** All clients, or only those of one institution; newest first. */
export async function listClients(db: Queryable, institution?: string): Promise<AdminClient[]> {
  const { rows } = await db.query<ClientRow>(
    `select ${COLUMNS} from api_client where $1::text is null or institution = $1 order by created_at desc, id`,
    [institution ?? null],
  );
  return rows.map(toAdminClient);
}

export async function getClient(db: Queryable, clientId: string): Promise<AdminClient | undefined> {
  const { rows } = await db.query<ClientRow>(`select ${COLUMNS} from api_client where id = $1`, [clientId]);
  return rows[0] ? toAdminClient(rows[0]) : undefined;
}
