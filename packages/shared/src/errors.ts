/**
 * The one catalogue of error codes. Codes are stable English identifiers; messages exist in
 * Chinese (default) and English. docs/errors.md is kept in sync by a test.
 */
export interface ErrorDefinition {
  status: number;
  zh: string;
  en: string;
}

export const errorCatalogue = {
  VALIDATION_FAILED: {
    status: 400,
    zh: '请求内容有误，请检查标出的字段',
    en: 'The request has invalid fields',
  },
  MALFORMED_REQUEST: {
    status: 400,
    zh: '请求格式无法解析',
    en: 'The request body could not be parsed',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    zh: '账号或密码错误',
    en: 'Wrong account or password',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账号已暂时锁定',
    en: 'Too many failed sign-in attempts; the account is temporarily locked',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  FORBIDDEN: {
    status: 403,
    zh: '您没有执行此操作的权限',
    en: 'You are not allowed to do this',
  },
  OUT_OF_SCOPE: {
    status: 403,
    zh: '该数据不在您所在单位的管辖范围内',
    en: 'This record is outside your unit’s scope',
  },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'The record does not exist' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT: {
    status: 409,
    zh: '与已有记录冲突',
    en: 'This conflicts with an existing record',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'The upload is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    zh: '不支持的文件或内容类型',
    en: 'Unsupported file or content type',
  },
  IMPORT_REJECTED: {
    status: 422,
    zh: '导入文件有错误，未导入任何数据',
    en: 'The import file has errors; nothing was imported',
  },
  PASSWORD_POLICY: {
    status: 422,
    zh: '密码不符合安全策略',
    en: 'The password does not meet the password policy',
  },
  ADMIN_ROLES_CONFLICT: {
    status: 422,
    zh: '系统管理员、安全管理员、审计管理员三个角色不能由同一账号兼任',
    en: 'System, security and audit administrator roles must be held by separate accounts',
  },
  SELF_ROLE_CHANGE: {
    status: 422,
    zh: '不能修改自己的角色',
    en: 'You cannot change your own roles',
  },
  UNIT_TREE_INVALID: {
    status: 422,
    zh: '组织架构关系无效',
    en: 'The unit tree relation is invalid',
  },
  CALENDAR_INVALID: {
    status: 422,
    zh: '工作日历数据无效',
    en: 'The working-day calendar data is invalid',
  },
  TEMPLATE_INVALID: {
    status: 422,
    zh: '消息模板内容无效：含有未知占位符或缺少短信签名',
    en: 'The message template is invalid: unknown placeholders or a missing SMS sign',
  },
  VERSION_CONFLICT: {
    status: 409,
    zh: '工单已被他人更新，请刷新后重试',
    en: 'The case was changed by someone else; reload and try again',
  },
  ACTION_NOT_ALLOWED: {
    status: 409,
    zh: '工单当前环节不能执行该操作',
    en: 'This action is not possible at the case’s current step',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '相同的请求正在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该幂等键已用于内容不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  LOCATION_OUTSIDE_DISTRICT: {
    status: 422,
    zh: '位置不在本区范围内',
    en: 'The location is outside the district',
  },
  TOO_MANY_ATTACHMENTS: {
    status: 422,
    zh: '图片数量超过上限（每件最多 9 张）',
    en: 'Too many pictures (9 at most)',
  },
  WINDOW_CLOSED: {
    status: 422,
    zh: '已超过允许办理该操作的期限',
    en: 'The period allowed for this has passed',
  },
  ALREADY_RATED: { status: 409, zh: '该工单已评价', en: 'This case has already been rated' },
  SIGNATURE_INVALID: {
    status: 401,
    zh: '签名无效：请求未被接受，也未保存任何内容',
    en: 'The signature is invalid; nothing was accepted or stored',
  },
  SIGNATURE_EXPIRED: {
    status: 401,
    zh: '请求时间戳已过期或不在允许范围内（疑似重放），未被接受',
    en: 'The request timestamp is too old or too far off (a possible replay); it was not accepted',
  },
  API_KEY_INVALID: {
    status: 403,
    zh: 'api_key 缺失、无效或已吊销',
    en: 'The api_key is missing, invalid or revoked',
  },
  RATE_LIMITED: {
    status: 429,
    zh: '请求过于频繁，请稍后再试',
    en: 'Too many requests; please try again later',
  },
  VERIFICATION_CODE_INVALID: {
    status: 400,
    zh: '验证码不正确',
    en: 'The verification code is wrong',
  },
  VERIFICATION_CODE_EXPIRED: {
    status: 400,
    zh: '验证码已失效，请重新获取',
    en: 'The verification code has expired or was used up; please request a new one',
  },
  INTERNAL: {
    status: 500,
    zh: '服务器内部错误，请稍后再试',
    en: 'Internal server error; please try again later',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    zh: '服务暂不可用',
    en: 'The service is temporarily unavailable',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One invalid field of a request, as reported in `details.fields`. */
export interface FieldIssue {
  field: string;
  reason: string;
}

/** One bad row of an import file, as reported in `details.rows`. */
export interface RowIssue {
  line: number;
  field: string;
  reason: string;
}

/** The only error body the API sends. */
export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    details: Record<string, unknown>;
  };
}

export type Locale = 'zh-CN' | 'en-US';

/** The message of an error code in the requested locale. */
export function errorMessage(code: ErrorCode, locale: Locale): string {
  const entry: ErrorDefinition = errorCatalogue[code];
  return locale === 'en-US' ? entry.en : entry.zh;
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorCatalogue, value);
}
