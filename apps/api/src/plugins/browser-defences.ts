import helmet from "@fastify/helmet";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppConfig } from "../config.ts";
import { AppError } from "../lib/app-error.ts";
import { originOf } from "../lib/origin.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * What a browser is told and what it may ask (decision 016): security headers
 * on every answer, and no state-changing request from a page of another origin.
 */
export async function registerBrowserDefences(app: FastifyInstance, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        // The built SPA has no inline script (checked in the e2e journeys); nothing else may run.
        "script-src": ["'self'"],
        // antd writes its CSS-in-JS into <style> elements at run time, and index.html has a small
        // <style>: styles cannot run code, and with img/connect/font limited to 'self' they cannot send data away.
        "style-src": ["'self'", "'unsafe-inline'"],
        // data: for the empty favicon of index.html and antd's inline images.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        // The installable app: its service worker (/sw.js) and manifest come from the site itself.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    // For browsers without CSP level 2, the same as frame-ancestors 'none'.
    xFrameOptions: { action: "deny" },
    // Not forced by us: deployments on an intranet may serve plain HTTP; a TLS proxy sets HSTS.
    strictTransportSecurity: false,
    // The pages send no cross-origin requests and embed nothing cross-origin; these defaults would only get in the way.
    crossOriginEmbedderPolicy: false,
    // Search URLs carry names and ID-number digits: they must not leave the site in a Referer.
    referrerPolicy: { policy: "same-origin" },
  });

  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!isSameOriginRequest(request, config.allowedOrigins)) throw new AppError("CROSS_SITE_REQUEST");
  });
}

/**
 * A browser names the page that sent a request (Origin, Sec-Fetch-Site); a
 * request naming neither comes from a script or curl, which carries no one
 * else's cookie and is allowed as before. The request's own origin is its
 * protocol and Host (X-Forwarded-Proto/-Host only with TRUST_PROXY).
 * "Origin: null" (a sandboxed frame, a redirect, a file) is never ours.
 */
function isSameOriginRequest(request: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = originOf(`${request.protocol}://${request.host}`);
    const theirs = originOf(origin);
    return theirs !== null && (theirs === own || allowedOrigins.includes(theirs));
  }
  const site = request.headers["sec-fetch-site"];
  // "none": the user typed or bookmarked the address; "same-origin": one of our pages.
  return site === undefined || site === "same-origin" || site === "none";
}
