export type AuthErrorCode =
  | 'invalid_credentials'
  | 'locked'
  | 'inactive'
  | 'invalid_grant'
  | 'invalid_token'
  | 'invalid_client'
  | 'invalid_institution'
  | 'weak_password'
  | 'username_taken'
  | 'invalid_request'
  | 'not_found';

const HTTP_STATUS: Record<AuthErrorCode, number> = {
  invalid_credentials: 401,
  locked: 423,
  inactive: 403,
  invalid_grant: 401,
  invalid_token: 401,
  invalid_client: 401,
  invalid_institution: 403,
  weak_password: 400,
  username_taken: 409,
  invalid_request: 400,
  not_found: 404,
};

// Bilingual so the server can pass them straight to the UI; they never echo secrets or tokens.
const DEFAULT_MESSAGE: Record<AuthErrorCode, string> = {
  invalid_credentials: '用户名或密码错误 / Invalid username or password',
  locked: '账户已锁定 / Account locked',
  inactive: '账户已停用 / Account disabled',
  invalid_grant: '刷新令牌无效或已失效，请重新登录 / Invalid or expired refresh token, please sign in again',
  invalid_token: '访问令牌无效或已失效 / Invalid or expired access token',
  invalid_client: '客户端凭据无效 / Invalid client credentials',
  invalid_institution: '无权以该机构身份操作 / Not assigned to this institution',
  weak_password: '密码不符合要求 / Password does not meet the policy',
  username_taken: '用户名已存在 / Username already taken',
  invalid_request: '请求无效 / Invalid request',
  not_found: '未找到 / Not found',
};

/** An authentication or account-management failure the server maps to an HTTP response via `httpStatus`. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly httpStatus: number;
  /** Set for `locked`: when the account unlocks, so the UI can format it locally. */
  readonly lockedUntil?: Date;

  constructor(code: AuthErrorCode, message?: string, lockedUntil?: Date) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
    if (lockedUntil) this.lockedUntil = lockedUntil;
  }

  static locked(until: Date): AuthError {
    const at = until.toISOString();
    return new AuthError('locked', `账户已锁定，请于 ${at} 后重试 / Account locked until ${at}`, until);
  }
}
