import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
let township: string;
let admin: string;
let villageId: number;
beforeAll(async () => {
  t = await createTestApp({ allowedOrigins: ["https://portal.example.gov.cn"] });
  township = await signIn(t.app, "township");
  admin = await signIn(t.app, "admin");
  villageId = await areaIdByName(t.prisma, "张村");
});
afterAll(() => t.close());

const createHousehold = (headers: Record<string, string>) =>
  t.app.inject({ method: "POST", url: "/api/households", headers: { cookie: township, ...headers }, payload: householdPayload(villageId) });

describe("state-changing requests from another origin", () => {
  it("are refused on every route, before anything is read or written", async () => {
    const households = await t.prisma.household.count();
    const userId = (await t.prisma.user.findUniqueOrThrow({ where: { username: "village" } })).id;
    const evil = { origin: "http://evil.example" };
    const attempts = [
      await createHousehold(evil),
      await t.app.inject({ method: "POST", url: "/api/auth/login", headers: evil, payload: { username: "township", password: "Demo@2026" } }),
      await t.app.inject({ method: "PATCH", url: `/api/users/${userId}`, headers: { cookie: admin, ...evil }, payload: { isActive: false } }),
      await t.app.inject({ method: "DELETE", url: "/api/calendar/overrides/2026-12-31", headers: { cookie: admin, ...evil } }),
      await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: { cookie: township, ...evil } }),
    ];
    for (const res of attempts) {
      expect([res.statusCode, res.json().code, res.json().message]).toEqual([403, "CROSS_SITE_REQUEST", "拒绝来自其他网站的提交，请直接在本系统的页面中操作"]);
    }
    expect(await t.prisma.household.count()).toBe(households);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: userId } })).isActive).toBe(true);
    // The refused sign-out ended nothing.
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: township } })).statusCode).toBe(200);
  });

  it("refuses an opaque origin, a look-alike host, another port or scheme, and a cross-site or same-site fetch without Origin", async () => {
    const refused: Record<string, string>[] = [
      { origin: "null" },
      { origin: "http://localhost.evil.example" },
      { origin: "http://localhost:8080" },
      { origin: "https://localhost" },
      { origin: "not a url" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of refused) {
      const res = await createHousehold(headers);
      expect([res.statusCode, res.json().code], JSON.stringify(headers)).toEqual([403, "CROSS_SITE_REQUEST"]);
    }
  });

  it("allows its own pages, scripts that name no origin, reads from anywhere, and origins set in ALLOWED_ORIGINS", async () => {
    // app.inject sends Host: localhost:80, so the request's own origin is http://localhost.
    const allowed: Record<string, string>[] = [
      { origin: "http://localhost" },
      { origin: "http://LOCALHOST:80", "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "same-origin" },
      {},
      { origin: "https://portal.example.gov.cn", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of allowed) {
      const res = await createHousehold(headers);
      expect(res.statusCode, `${JSON.stringify(headers)} ${res.body}`).toBe(201);
    }
    const read = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: township, origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
    expect(read.statusCode).toBe(200);
  });

  it("takes the origin from X-Forwarded-Proto/-Host only with TRUST_PROXY", async () => {
    const proxied = { origin: "https://fanpin.example.gov.cn", "x-forwarded-proto": "https", "x-forwarded-host": "fanpin.example.gov.cn" };
    expect((await createHousehold(proxied)).statusCode).toBe(403);
    const behindProxy = await createTestApp({ trustProxy: true });
    try {
      const cookie = await signIn(behindProxy.app, "township");
      const village = await areaIdByName(behindProxy.prisma, "张村");
      const res = await behindProxy.app.inject({ method: "POST", url: "/api/households", headers: { cookie, ...proxied }, payload: householdPayload(village) });
      expect(res.statusCode, res.body).toBe(201);
    } finally {
      await behindProxy.close();
    }
  });
});

describe("security headers", () => {
  it("sends a CSP without inline scripts that forbids framing, nosniff and a referrer policy on pages and API answers", async () => {
    for (const res of [
      await t.app.inject({ method: "GET", url: "/api/health" }),
      await t.app.inject({ method: "GET", url: "/api/households" }),
      await t.app.inject({ method: "GET", url: "/api/docs/static/index.html" }),
    ]) {
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("same-origin");
      expect(res.headers["x-frame-options"]).toBe("DENY");
    }
  });
});

describe("session cookie", () => {
  const login = (app: TestApp["app"], headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/api/auth/login", headers, payload: { username: "city", password: "Demo@2026" } });
  const sessionCookie = (res: Awaited<ReturnType<typeof login>>) => res.cookies.find((c) => c.name === "fanpin_sid")!;

  it("is Secure when the request came over HTTPS, as the proxy reports it with TRUST_PROXY", async () => {
    expect(sessionCookie(await login(t.app)).secure).toBeUndefined();
    // Without TRUST_PROXY, anyone could send X-Forwarded-Proto: it is not believed.
    expect(sessionCookie(await login(t.app, { "x-forwarded-proto": "https" })).secure).toBeUndefined();
    const behindProxy = await createTestApp({ trustProxy: true });
    try {
      expect(sessionCookie(await login(behindProxy.app, { "x-forwarded-proto": "https" })).secure).toBe(true);
      expect(sessionCookie(await login(behindProxy.app, { "x-forwarded-proto": "http" })).secure).toBeUndefined();
    } finally {
      await behindProxy.close();
    }
    const forced = await createTestApp({ cookieSecure: true });
    try {
      expect(sessionCookie(await login(forced.app)).secure).toBe(true);
    } finally {
      await forced.close();
    }
  });
});
