/** A role held by a user. */
export interface RoleAssignment {
  role: string;
  /** Omitted = region-wide. */
  institution?: string;
}

/** A user as the administration pages see it (`GET /api/admin/users`); never carries the password hash. */
export interface AdminUser {
  id: string;
  username: string;
  displayName?: string;
  /** FHIR reference such as `Practitioner/abc`. */
  profile?: string;
  active: boolean;
  regionAdmin: boolean;
  /** Locked by too many failed logins, until `lockedUntil`. */
  locked: boolean;
  lockedUntil?: string;
  roles: RoleAssignment[];
  lastLoginAt?: string;
  createdAt: string;
}

/** `POST /api/admin/users`. */
export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  /** FHIR reference such as `Practitioner/abc`. */
  profile?: string;
  /** Only a region administrator may set it. */
  regionAdmin?: boolean;
  roles?: RoleAssignment[];
}

/** `PATCH /api/admin/users/:id`. */
export interface UserChanges {
  /** null or '' clears it. */
  displayName?: string | null;
  /** null or '' clears it. */
  profile?: string | null;
  /** false also ends the user's sessions (refresh tokens). */
  active?: boolean;
  /** Checked against the password policy; ends the user's sessions and clears a lockout. */
  password?: string;
  /** Clears a lockout and the failed-login counter. */
  unlock?: boolean;
}

/** An API client (OAuth2 client credentials) as the administration pages see it; the secret hash never leaves the database. */
export interface AdminClient {
  clientId: string;
  name: string;
  institution?: string;
  roles: string[];
  /** false once revoked: token requests and existing access tokens of the client are refused. */
  active: boolean;
  createdAt: string;
  /** When the client last obtained a token. */
  lastUsedAt?: string;
}

/** `POST /api/admin/clients`. */
export interface NewClient {
  name: string;
  institution?: string;
  roles: string[];
}

/** The answer to registering a client. */
export interface ClientCredentials {
  clientId: string;
  /** Shown once: only its hash is stored. */
  clientSecret: string;
}
