/**
 * The one registry of error codes. Each code has a stable identifier (tests
 * check it), an HTTP status for the server, an exit code for the CLI, and a
 * message in Chinese (the default) and English. Messages take `{name}`
 * placeholders filled from the error's details.
 */
export const errorRegistry = {
  USAGE: {
    status: 400,
    exitCode: 2,
    zh: '用法错误：{reason}',
    en: 'usage error: {reason}',
  },
  FILE_NOT_FOUND: {
    status: 404,
    exitCode: 1,
    zh: '找不到文件 {file}',
    en: 'file not found: {file}',
  },
  UNSUPPORTED_FORMAT: {
    status: 400,
    exitCode: 1,
    zh: '{file}：不支持的文件格式（{reason}）',
    en: '{file}: unsupported file format ({reason})',
  },
  OSM_PARSE: {
    status: 400,
    exitCode: 1,
    zh: '{file}：OpenStreetMap 数据无法读取，位置 {where}：{reason}',
    en: '{file}: cannot read OpenStreetMap data at {where}: {reason}',
  },
  CSV_PARSE: {
    status: 400,
    exitCode: 1,
    zh: '{file} 第 {line} 行，字段 {field}：{reason}',
    en: '{file} line {line}, field {field}: {reason}',
  },
  TAXONOMY_INVALID: {
    status: 400,
    exitCode: 1,
    zh: '{file}：业态分类无效，位置 {where}：{reason}',
    en: '{file}: invalid taxonomy at {where}: {reason}',
  },
  EMPTY_NETWORK: {
    status: 422,
    exitCode: 1,
    zh: '{file}：没有可步行的道路',
    en: '{file}: no walkable ways',
  },
  IMPORT_ROW: {
    status: 400,
    exitCode: 1,
    zh: '{file} 第 {row} 行，字段 {field}：{reason}（整个文件未导入）',
    en: '{file} row {row}, field {field}: {reason} (nothing was imported)',
  },
  VALIDATION: {
    status: 400,
    exitCode: 2,
    zh: '请求参数 {field} 无效：{reason}',
    en: 'invalid request field {field}: {reason}',
  },
  NOT_FOUND: {
    status: 404,
    exitCode: 1,
    zh: '找不到{entity} {id}',
    en: '{entity} {id} not found',
  },
  CONFLICT: {
    status: 409,
    exitCode: 1,
    zh: '冲突：{reason}',
    en: 'conflict: {reason}',
  },
  UNAUTHENTICATED: {
    status: 401,
    exitCode: 1,
    zh: '请先登录',
    en: 'please log in',
  },
  LOGIN_FAILED: {
    status: 401,
    exitCode: 1,
    zh: '用户名或密码错误',
    en: 'wrong user name or password',
  },
  FORBIDDEN: {
    status: 403,
    exitCode: 1,
    zh: '无权执行此操作：{reason}',
    en: 'not allowed: {reason}',
  },
  RATE_LIMITED: {
    status: 429,
    exitCode: 1,
    zh: '请求过于频繁，请 {retryAfterS} 秒后再试',
    en: 'too many requests, try again in {retryAfterS} s',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    exitCode: 1,
    zh: '请求内容过大（上限 {limit} 字节）',
    en: 'request too large (limit {limit} bytes)',
  },
  WEAK_PASSWORD: {
    status: 400,
    exitCode: 1,
    zh: '密码太弱：{reason}',
    en: 'password too weak: {reason}',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    exitCode: 1,
    zh: '数据库不可用：{reason}',
    en: 'database unavailable: {reason}',
  },
  STORE_FULL: {
    status: 507,
    exitCode: 1,
    zh: '数据库所在磁盘已满，本次更改未保存（已有数据完好，可继续查询）：{reason}',
    en: 'the database disk is full; this change was not saved (existing data is intact and can still be read): {reason}',
  },
  STORE_READ_ONLY: {
    status: 503,
    exitCode: 1,
    zh: '数据库为只读，无法保存更改（可继续查询）：{reason}',
    en: 'the database is read-only; changes cannot be saved (it can still be read): {reason}',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    exitCode: 1,
    zh: '此服务器未提供该功能：{what}',
    en: 'this server does not offer {what}',
  },
  NO_NETWORK: {
    status: 503,
    exitCode: 1,
    zh: '尚未导入步行路网，无法计算步行时间',
    en: 'no walking network has been imported yet',
  },
  QUEUE_UNAVAILABLE: {
    status: 503,
    exitCode: 1,
    zh: '任务队列不可用：{reason}',
    en: 'job queue unavailable: {reason}',
  },
  JOB_INVALID: {
    status: 400,
    exitCode: 1,
    zh: '任务 {job} 的字段 {field} 无效：{reason}',
    en: 'job {job}: invalid field {field}: {reason}',
  },
  INTERNAL: {
    status: 500,
    exitCode: 1,
    zh: '内部错误：{reason}',
    en: 'internal error: {reason}',
  },
} as const satisfies Record<string, ErrorSpec>;

/** How one registry entry is described. */
export interface ErrorSpec {
  status: number;
  exitCode: 1 | 2;
  zh: string;
  en: string;
}

export type ErrorCode = keyof typeof errorRegistry;
export type Locale = 'zh-CN' | 'en';
export type ErrorDetails = Record<string, string | number>;

/** Fills `{name}` placeholders of a registry message from details. */
export function formatErrorMessage(code: ErrorCode, details: ErrorDetails, locale: Locale): string {
  const spec: ErrorSpec = errorRegistry[code];
  const template = locale === 'en' ? spec.en : spec.zh;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = details[name];
    return value === undefined ? `{${name}}` : String(value);
  });
}

/**
 * The error every part of lifecircle throws for a known failure. `message` is
 * English (for logs and developers); user-facing text comes from
 * `formatErrorMessage(code, details, locale)`.
 */
export class LifecircleError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails, options?: { cause?: unknown }) {
    super(formatErrorMessage(code, details, 'en'), options);
    this.name = 'LifecircleError';
    this.code = code;
    this.details = details;
  }

  /** The user-facing message in the given locale. */
  localized(locale: Locale): string {
    return formatErrorMessage(this.code, this.details, locale);
  }
}

/** True when `error` is a LifecircleError with the given code (or any code). */
export function isLifecircleError(error: unknown, code?: ErrorCode): error is LifecircleError {
  return error instanceof LifecircleError && (code === undefined || error.code === code);
}
