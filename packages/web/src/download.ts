import { ApiError, getToken } from './api.js';
import { currentLang } from './i18n.js';

/**
 * Downloads a file of the API that needs the bearer token: a plain link cannot send the header, so the
 * file is fetched as a blob and saved through a temporary object URL. Throws {@link ApiError} on an error answer.
 */
export async function downloadWithToken(path: string, fileName: string): Promise<void> {
  const headers: Record<string, string> = { 'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN' };
  const token = getToken();
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  if (!response.ok) {
    const json = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(json?.error?.code ?? 'INTERNAL', json?.error?.message ?? response.statusText, response.status);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
