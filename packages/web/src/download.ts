import { fetchBlob } from './api.js';

/**
 * Downloads a file of the API that needs the bearer token: a plain link cannot send the header, so the
 * file is fetched as a blob and saved through a temporary object URL. Throws {@link ApiError} on an error answer.
 */
export async function downloadWithToken(path: string, fileName: string): Promise<void> {
  const url = URL.createObjectURL(await fetchBlob(path));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
