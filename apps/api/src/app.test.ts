import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("API conventions", () => {
  it("publishes OpenAPI 3 with the household and auth routes, and browsable docs", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/auth/login", "/api/auth/me", "/api/households", "/api/households/{id}"]));
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toContain("text/html");
  });

  it("answers unknown API paths with the error shape", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: "NOT_FOUND", message: "请求的地址不存在", details: [], requestId: expect.any(String) });
  });

  it("lists the areas of the user's scope only", async () => {
    const cookie = await signIn(t.app, "township");
    const { areas } = (await t.app.inject({ method: "GET", url: "/api/areas?maxLevel=VILLAGE", headers: { cookie } })).json();
    expect(areas[0]).toMatchObject({ name: "张村镇", level: "TOWNSHIP" });
    expect(areas.filter((a: { level: string }) => a.level === "VILLAGE")).toHaveLength(7);
    expect(areas.some((a: { name: string }) => a.name === "羊亭")).toBe(false);
  });

  it("marks answers as not cacheable", async () => {
    const cookie = await signIn(t.app, "district");
    const res = await t.app.inject({ method: "GET", url: "/api/households", headers: { cookie } });
    expect(res.headers["cache-control"]).toBe("no-store");
  });
});

describe("errors", () => {
  it("refuses non-JSON bodies with the error shape", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", headers: { "content-type": "text/plain" }, payload: "username=a" });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("never leaks internals of an unexpected failure", async () => {
    const { buildApp } = await import("./app.ts");
    const app = await buildApp({ prisma: t.prisma, config: t.config });
    app.get("/api/explode", { config: { public: true } }, async () => {
      throw new Error("connection to 10.0.0.5 failed at /srv/app/secret.ts:42");
    });
    const res = await app.inject({ method: "GET", url: "/api/explode" });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      code: "INTERNAL_ERROR", message: "系统内部错误，请稍后重试；如持续出现，请将请求编号告知管理员", details: [], requestId: expect.any(String),
    });
    expect(res.body).not.toContain("secret");
    await app.close();
  });
});

describe("auth cannot be side-stepped", () => {
  it("decides on the matched route: a percent-encoded path still needs a session", async () => {
    for (const url of ["/%61pi/rules", "/%61pi/households", "/%61pi/calendar/overrides"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(401);
    }
    const put = await t.app.inject({ method: "PUT", url: "/%61pi/calendar/overrides/2026-12-30", payload: { isWorkingDay: false } });
    expect(put.statusCode).toBe(401);
  });

  it("answers out-of-range ids as bad input, not a server fault", async () => {
    const cookie = await signIn(t.app, "district");
    for (const url of ["/api/households?areaId=3000000000", "/api/cases?areaId=3000000000", "/api/queues/township-leads?areaId=3000000000"]) {
      const res = await t.app.inject({ method: "GET", url, headers: { cookie } });
      expect(res.statusCode, url).toBe(400);
    }
  });
});
