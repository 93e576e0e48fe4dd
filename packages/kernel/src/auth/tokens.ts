import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export type TokenUse = 'access' | 'refresh';

// Distinct `typ` headers stop a refresh token being accepted as an access token and vice versa.
const TYP: Record<TokenUse, string> = { access: 'at+jwt', refresh: 'rt+jwt' };
const ISSUER = 'medunion';

export interface TokenClaims {
  /** app_user.id or api_client.id */
  sub: string;
  kind: 'user' | 'client';
  /** Session id shared by all tokens of one login; logout revokes by it. */
  sid: string;
  jti: string;
  /** Institution chosen at login, absent for region-wide sessions. */
  inst?: string;
  /** Expiry, seconds since epoch. */
  exp: number;
}

export async function signToken(
  key: Uint8Array,
  use: TokenUse,
  claims: Pick<TokenClaims, 'sub' | 'kind' | 'sid' | 'inst'>,
  ttlSeconds: number,
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const jti = randomUUID();
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ttlSeconds;
  const payload: Record<string, string> = { kind: claims.kind, sid: claims.sid };
  if (claims.inst !== undefined) payload.inst = claims.inst;
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: TYP[use] })
    .setIssuer(ISSUER)
    .setSubject(claims.sub)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, jti, expiresAt: new Date(exp * 1000) };
}

/**
 * Claims of a genuine, unexpired token of this use, else null (bad signature, wrong typ, expired, malformed).
 * `expiredGraceSeconds` lets logout identify the session of an access token that has just expired.
 */
export async function readToken(
  key: Uint8Array,
  use: TokenUse,
  token: string,
  expiredGraceSeconds = 0,
): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      typ: TYP[use],
      clockTolerance: expiredGraceSeconds,
      requiredClaims: ['sub', 'jti', 'exp'],
    });
    const { sub, jti, exp, sid, kind, inst } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return null;
    if (typeof sid !== 'string' || (kind !== 'user' && kind !== 'client')) return null;
    if (inst !== undefined && typeof inst !== 'string') return null;
    return { sub, jti, exp, sid, kind, ...(inst !== undefined ? { inst } : {}) };
  } catch {
    return null;
  }
}

/** auth_token key whose presence revokes every access token of session `sid`. */
export function sessionRevocationKey(sid: string): string {
  return `session:${sid}`;
}
