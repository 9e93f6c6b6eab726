// Issue 11, point 2: characters PostgreSQL cannot store or no person could
// type, malformed multipart, file names, LIKE wildcards, headers (decision 012).
import { LINE_BREAK_MESSAGE, UNTYPEABLE_MESSAGE } from "@fanpin/domain/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
let township: string;
let admin: string;
let zhangcun: number;

beforeAll(async () => {
  t = await createTestApp();
  [township, admin] = await Promise.all([signIn(t.app, "township"), signIn(t.app, "admin")]);
  zhangcun = await areaIdByName(t.prisma, "张村");
});
afterAll(() => t.close());

const send = (cookie: string | undefined, method: "GET" | "POST" | "PUT", url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

async function counts() {
  const [households, audit, calendar] = await Promise.all([t.prisma.household.count(), t.prisma.auditEntry.count(), t.prisma.calendarOverride.count()]);
  return { households, audit, calendar };
}

function expectFieldError(res: { statusCode: number; json(): unknown; body: string }, path: string, message = UNTYPEABLE_MESSAGE) {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as { code: string; details: Array<{ path: string; message: string }> };
  expect(body.code).toBe("VALIDATION_FAILED");
  expect(body.details).toContainEqual({ path, message });
}

describe("untypeable characters", () => {
  it("refuses NUL, broken encodings and controls in the query of every list and export, naming the field", async () => {
    for (const url of ["/api/households", "/api/users", "/api/cases", "/api/queues/township-leads", "/api/queues/township-leads/export.xlsx", "/api/households/export.xlsx"]) {
      for (const q of ["%00", "abc%00", "%1B", "%C2%85", "%E2%80%AE", "%EF%BF%BF", "%EF%BF%BD"]) {
        expectFieldError(await send(admin, "GET", `${url}?q=${q}`), "q");
      }
      for (const q of ["%ED%A0%80", "%FF", "%C0%80", "%"]) {
        expectFieldError(await send(admin, "GET", `${url}?q=${q}`), "q", "编码不正确（应为 UTF-8），无法识别");
      }
    }
  });

  it("refuses them in JSON fields (the value a JSON escape makes too) and changes nothing", async () => {
    const before = await counts();
    expectFieldError(await send(undefined, "POST", "/api/auth/login", { username: "admin\u0000", password: "x" }), "username");
    const household = householdPayload(zhangcun);
    expectFieldError(await send(township, "POST", "/api/households", { ...household, addressDetail: "张村\u0000" }), "addressDetail");
    const lone = JSON.stringify({ ...household, members: [{ ...household.members[0]!, name: "X" }, household.members[1]] }).replace("\"X\"", "\"\\ud800\"");
    expectFieldError(await send(township, "POST", "/api/households", lone, { "content-type": "application/json" }), "members.0.name");
    expectFieldError(await send(admin, "PUT", "/api/calendar/overrides/2026-12-24", { kind: "WORKDAY", note: "调休\u0007" }), "note");
    expectFieldError(await send(admin, "POST", "/api/users", { username: "u1", displayName: "\u202e张三", role: "VILLAGE_CADRE", areaId: zhangcun, password: "Abcdef@2026x" }), "displayName");
    // Object keys are checked too: PostgreSQL's jsonb refuses NUL in a key as well.
    expectFieldError(await send(township, "POST", "/api/households", JSON.stringify({ ...household, "a\u0000": 1 }), { "content-type": "application/json" }), "", `字段名${UNTYPEABLE_MESSAGE}`);
    expect(await counts()).toEqual(before);
  });

  it("keeps tab and line breaks in multi-line text, and refuses them in one-line fields with the schema's message", async () => {
    const household = householdPayload(zhangcun, { difficultyDescription: "第一行\n第二行\t说明" });
    expect((await send(township, "POST", "/api/households", household)).statusCode).toBe(201);
    const other = householdPayload(zhangcun);
    expectFieldError(await send(township, "POST", "/api/households", { ...other, members: [{ ...other.members[0]!, name: "张\n三" }, other.members[1]] }), "members.0.name", LINE_BREAK_MESSAGE);
  });
});

describe("malformed paths", () => {
  it("answers a path that is not valid UTF-8, or an overlong parameter, with MALFORMED_REQUEST in the error shape", async () => {
    for (const url of ["/api/households/%ZZ", "/api/households/%ED%A0%80", "/api/households/%C0%AF", `/api/households/${"x".repeat(200)}`]) {
      const res = await send(township, "GET", url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ code: "MALFORMED_REQUEST", details: [] });
    }
  });
});

describe("LIKE wildcards", () => {
  it("takes % and _ literally in the household and user searches", async () => {
    for (const q of ["%25", "_", "%25%25", "%5C"]) {
      expect((await send(admin, "GET", `/api/households?q=${q}`)).json().total).toBe(0);
      expect((await send(admin, "GET", `/api/users?q=${q}`)).json().total).toBe(0);
    }
    const payload = householdPayload(zhangcun);
    const named = { ...payload, members: [{ ...payload.members[0]!, name: "%_测试" }, payload.members[1]] };
    const created = await send(township, "POST", "/api/households", named);
    expect(created.statusCode, created.body).toBe(201);
    expect((await send(admin, "GET", "/api/households?q=%25")).json().items.map((h: { id: string }) => h.id)).toEqual([created.json().id]);
    expect((await send(admin, "GET", "/api/households?q=%25_")).json().total).toBe(1);
    expect((await send(admin, "GET", "/api/households?q=_")).json().total).toBe(0);
  });
});

describe("uploads and headers", () => {
  const multipart = (body: string | Buffer, contentType = "multipart/form-data; boundary=XyZ") =>
    send(township, "POST", "/api/households/import?mode=valid-only", body, { "content-type": contentType });

  it("answers malformed multipart with 400 and the error shape", async () => {
    const before = await t.prisma.importJob.count();
    for (const [body, type] of [
      ["x", "multipart/form-data"],
      ["--\r\n", "multipart/form-data; boundary="],
      ["--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc", undefined],
      ["--XyZ\r\nContent-Disposition: form-da", undefined],
    ] as const) {
      const res = await multipart(body, type);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: "IMPORT_FILE_MISSING", message: "上传的表单格式不正确，请重新选择文件上传" });
    }
    expect(await t.prisma.importJob.count()).toBe(before);
  });

  it("stores an over-long or hostile file name shortened, keeping its extension", async () => {
    const file = (header: string) => Buffer.concat([
      Buffer.from(`--XyZ\r\nContent-Disposition: form-data; name="file"; ${header}\r\nContent-Type: text/csv\r\n\r\n`, "latin1"),
      Buffer.from("户编号,姓名\r\n"), Buffer.from("\r\n--XyZ--\r\n"),
    ]);
    const long = await multipart(file(`filename*=UTF-8''${"%E4%B8%AD".repeat(300)}.csv`));
    expect(long.statusCode, long.body).toBe(202);
    expect(long.json().fileName).toBe(`${"中".repeat(251)}.csv`);
    const hostile = await multipart(file("filename*=UTF-8''a%00%1Bb%E2%80%AE.csv"));
    expect(hostile.statusCode, hostile.body).toBe(202);
    expect(hostile.json().fileName).toBe("ab.csv");
  });

  it("stores a hostile User-Agent cleaned and shortened, and ignores a forwarded address that is not an IP", async () => {
    const res = await send(undefined, "POST", "/api/auth/login", { username: "village", password: "Demo@2026" }, { "user-agent": `Mozilla\u0085${"x".repeat(400)}` });
    expect(res.statusCode, res.body).toBe(200);
    const session = await t.prisma.session.findFirstOrThrow({ orderBy: { createdAt: "desc" }, where: { user: { username: "village" } } });
    expect(session.userAgent).toBe(`Mozilla${"x".repeat(293)}`);
  });
});
