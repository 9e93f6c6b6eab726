import type { SelfReportChallenge } from "@fanpin/domain/detection/self-report-schemas";
import { ApiError } from "@/lib/api-client.ts";

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Solves the API's proof-of-work challenge (ALTCHA's format): the number n ≤ maxnumber with SHA-256(salt + n) =
 * challenge, answered as base64 JSON. A phone needs a second or two; a script sending hundreds pays for each.
 */
export async function solveChallenge(c: SelfReportChallenge): Promise<string> {
  // Web Crypto exists only on secure pages (https, or localhost): a deployment must serve the page over https.
  if (!globalThis.crypto?.subtle) {
    throw new ApiError({ status: 429, code: "SELF_REPORT_CHALLENGE", message: "当前网页不是安全连接（https），无法完成验证，请拨打 12317 热线反映" });
  }
  const encoder = new TextEncoder();
  const max = c.maxnumber ?? 1_000_000;
  for (let n = 0; n <= max; n++) {
    if (hex(await crypto.subtle.digest("SHA-256", encoder.encode(c.salt + n))) === c.challenge) {
      return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
    }
  }
  throw new Error("challenge not solvable");
}
