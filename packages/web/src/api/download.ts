import { ApiError, outcomeMessage } from './http.api.ts';
import { authorizedFetch, jsonBody } from './authorized-fetch.ts';
import { filenameFromDisposition } from './content-disposition.ts';

/** A file the platform produced, with the name the server gave it (Content-Disposition), if any. */
export interface DownloadedFile {
  blob: Blob;
  filename?: string;
}

/**
 * POSTs a JSON body with the session's bearer token (one refresh-and-retry on 401, as `api`) and returns the binary
 * answer (PDF, Excel). A refusal becomes an ApiError with the text of the server's OperationOutcome.
 */
export async function postForFile(path: string, body: unknown, accept?: string): Promise<DownloadedFile> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accept) headers.accept = accept;
  const res = await authorizedFetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) {
    const body = await jsonBody(res);
    throw new ApiError(res.status, outcomeMessage(body, `HTTP ${res.status}`), undefined, body);
  }
  return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('content-disposition')) };
}

/** Hands a URL (usually a blob URL the caller owns) to the browser's download manager under the given name. */
export function downloadUrl(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Hands a blob to the browser's download manager under the given name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(url, filename);
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
