import { currentLang } from './i18n.js';

const TOKEN_KEY = 'lc_token';

/** An error answered by the API: `{ error: { code, message } }`, the message already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The bearer token of this tab's session (sessionStorage: it ends with the tab). */
export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Stores or clears the bearer token. */
export function setToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** The headers of every API call: the user's language and, when signed in, the bearer token. */
function baseHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN' };
  const token = getToken();
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return headers;
}

/** The {@link ApiError} of an error answer (`{ error: { code, message } }`, or the status text). */
async function errorOf(response: Response): Promise<ApiError> {
  const json = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError(json?.error?.code ?? 'INTERNAL', json?.error?.message ?? response.statusText, response.status);
}

/** Calls the API at the same origin; JSON in and out; throws {@link ApiError} on an error answer. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = baseHeaders();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? null : JSON.parse(text)) as T;
}

/** Posts a file as the raw body (its own content type) and reads the JSON answer; throws {@link ApiError}. */
export async function uploadFile<T>(path: string, file: Blob): Promise<T> {
  const headers = { ...baseHeaders(), 'content-type': file.type || 'application/octet-stream' };
  const response = await fetch(path, { method: 'POST', headers, body: file });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** GETs a file of the API that needs the bearer token (a plain link or image cannot send it); throws {@link ApiError}. */
export async function fetchBlob(path: string): Promise<Blob> {
  const response = await fetch(path, { headers: baseHeaders() });
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}

/** Builds a query string, leaving out undefined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}
