import { ApiError, failedResponseError, NETWORK_ERROR, type Query } from "./api-client.ts";

/** The file name from Content-Disposition: the UTF-8 name (RFC 5987) when given, else the plain one. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/**
 * Downloads a file the API streams (an .xlsx export): fetch with the session
 * cookie, then save the blob under the name the server gives. An error answer
 * is JSON like any other call and becomes an ApiError with its Chinese message.
 */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<string> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const url = params.size ? `${path}?${params}` : path;
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: "无法连接到服务器，请检查网络连接后重试" });
  }
  if (!response.ok) {
    let data: unknown = null;
    try {
      data = JSON.parse(await response.text());
    } catch {
      data = null;
    }
    throw failedResponseError(path, response.status, data);
  }
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: "下载中断，请检查网络连接后重试" });
  }
  const name = fileNameFromDisposition(response.headers.get("content-disposition"), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
