// Drives every operation of the API's own OpenAPI document with malformed
// input, as each role and anonymously, against a real listening server over
// raw HTTP (inject() would hide dropped connections and half-written
// responses). Fails on any 5xx, any connection that ends without a complete
// response, and any 4xx that is not the error shape. Decision 012.
//
// Fixed seed and a bounded number of cases per operation: FUZZ_SEED and
// FUZZ_CASES change them for a longer run (e.g. FUZZ_CASES=400).
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { ZErrorResponse } from "@fanpin/domain/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areaIdByName, householdPayload } from "../../test/fixtures.ts";
import { createTestApp, signIn, type TestApp } from "../../test/test-app.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 16);
/** Anonymous requests stop at the sign-in check; a few per operation show that nothing leaks past it. */
const ANONYMOUS_CASES = 6;
/** An operation without parameters or body has only its path and method to get wrong. */
const NO_INPUT_CASES = 2;
const ROLES = ["admin", "city", "district", "township", "village"] as const;

type Json = unknown;
type Schema = {
  type?: string; enum?: unknown[]; format?: string; properties?: Record<string, Schema>; required?: string[];
  items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; nullable?: boolean;
  minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; additionalProperties?: Schema | boolean;
};
type Parameter = { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean; schema?: Schema };
type Operation = { method: string; path: string; parameters: Parameter[]; body?: Schema; public: boolean };
type Request = { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string; label: string };
type Outcome = { status: number; body: string; problem?: string };

/** mulberry32: small, fast and the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

// ---- hostile values -------------------------------------------------------

const deep = (n: number, leaf: string) => "[".repeat(n) + leaf + "]".repeat(n);

/** Strings a form could never produce, and some it could that are still awkward. */
const HOSTILE_STRINGS = [
  "\u0000", "a\u0000b", "%00", "\u0001\u0002", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u009b",
  "\ud800", "x\udc00", "\udbff\udfff\ud800", "\uffff", "\ufffe", "\ufdd0", "\u{10ffff}", "\ufffd",
  "\u202e12345", "\u2066x\u2069", "\u200b", "\ufeff", "\r\n", "\t",
  "", " ", "   ", "%", "_", "\\", "%_%", "'", "\"", "';--", "$1", "${x}", "{{x}}", "<script>",
  "x".repeat(70), "中".repeat(300), "x".repeat(100_000), "😀".repeat(60),
  "0", "-1", "1.5", "1e309", "NaN", "Infinity", "-0", "0x10", "9".repeat(40), "true", "null", "[]", "{}",
  "__proto__", "constructor", "../../etc/passwd", "2026-02-30", "2026-13-01", "9999-12-31", "0000-01-01",
  "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
];
const HOSTILE_VALUES: Json[] = [
  ...HOSTILE_STRINGS, null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308,
  [], [null], ["\u0000"], {}, { __proto__: { polluted: 1 } }, { "\u0000": 1 }, { "a\ud800": "x" }, JSON.parse(deep(50, "1")),
];

/** Query and path text exactly as it goes on the wire: already encoded, including broken encodings. */
const RAW_URL_PIECES = [
  "%00", "a%00b", "%01", "%7F", "%C2%85", "%E2%80%AE", "%EF%BF%BF", "%EF%BF%BD",
  "%", "%2", "%ZZ", "%%", "%FF", "%C0%AF", "%C0%80", "%E0%80%AF", "%ED%A0%80", "%ED%B0%80x", "%F4%90%80%80", "%F8%88%80%80%80",
  "%25", "_", "%5C", "%2F", "..", "%2e%2e", "%20", "+", "%2B", "a%26b%3Dc", "%3Cscript%3E", "'", "%22",
  "", "x".repeat(4000), "%E4%B8%AD".repeat(200), "1e309", "-1", "0", "9".repeat(30), "1.5", "NaN",
];

/** Percent-encodes as UTF-8; a lone surrogate goes out as its (invalid) three-byte form, as a broken client would send it. */
function encodeValue(v: Json): string {
  const text = typeof v === "string" ? v : JSON.stringify(v) ?? "";
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && c >= 0xd800 && c <= 0xdfff
      ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("")
      : encodeURIComponent(ch);
  }
  return out;
}

// ---- valid-looking values from the schema -----------------------------------

function example(schema: Schema | undefined, rng: Rng, depth = 0): Json {
  if (!schema || depth > 8) return "x";
  if (schema.anyOf ?? schema.oneOf) return example(rng.pick((schema.anyOf ?? schema.oneOf)!), rng, depth + 1);
  if (schema.allOf?.length) return example(schema.allOf[0], rng, depth + 1);
  if (schema.enum) return rng.pick(schema.enum);
  switch (schema.type) {
    case "object": {
      const out: Record<string, Json> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) out[k] = example(s, rng, depth + 1);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => example(schema.items, rng, depth + 1));
    case "integer":
    case "number": {
      const min = schema.minimum ?? 0;
      return Math.min(schema.maximum ?? 1e6, min + 1 + rng.int(3));
    }
    case "boolean":
      return rng.next() < 0.5;
    case "string":
      if (schema.format === "date") return "2026-11-23";
      if (schema.format === "uuid") return "0193f0a0-0000-7000-8000-000000000001";
      return "测试".repeat(Math.max(1, Math.ceil((schema.minLength ?? 1) / 2))).slice(0, schema.maxLength ?? 50);
    default:
      return "x";
  }
}

/** Replaces one randomly chosen node of a JSON value with a hostile value (or removes it, or adds an unknown key). */
function mutate(value: Json, rng: Rng): Json {
  const copy = structuredClone(value) as Json;
  const nodes: Array<{ parent: Record<string, Json> | Json[]; key: string | number }> = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((c, i) => { nodes.push({ parent: v, key: i }); walk(c); });
    else if (v && typeof v === "object") for (const [k, c] of Object.entries(v)) { nodes.push({ parent: v as Record<string, Json>, key: k }); walk(c); }
  };
  walk(copy);
  if (nodes.length === 0) return rng.pick(HOSTILE_VALUES);
  const { parent, key } = rng.pick(nodes);
  const roll = rng.next();
  if (roll < 0.08 && !Array.isArray(parent)) delete (parent as Record<string, Json>)[key as string];
  else if (roll < 0.12 && !Array.isArray(parent)) (parent as Record<string, Json>)[rng.pick(HOSTILE_STRINGS.slice(0, 20))] = "x";
  else (parent as Record<string | number, Json>)[key] = rng.pick(HOSTILE_VALUES);
  return copy;
}

// ---- malformed bodies ------------------------------------------------------

const JSON_TYPE = { "content-type": "application/json" };
const MALFORMED_BODIES: Array<{ label: string; headers: Record<string, string>; body: Buffer | string }> = [
  { label: "empty JSON", headers: JSON_TYPE, body: "" },
  { label: "truncated JSON", headers: JSON_TYPE, body: "{\"a\":" },
  { label: "trailing comma", headers: JSON_TYPE, body: "{\"a\":1,}" },
  { label: "JSON null", headers: JSON_TYPE, body: "null" },
  { label: "JSON array", headers: JSON_TYPE, body: "[1,2]" },
  { label: "JSON string", headers: JSON_TYPE, body: "\"\\u0000\"" },
  { label: "JSON number", headers: JSON_TYPE, body: "1e999999" },
  { label: "deep JSON", headers: JSON_TYPE, body: deep(100_000, "") },
  { label: "NUL key", headers: JSON_TYPE, body: "{\"\\u0000\":1}" },
  { label: "proto", headers: JSON_TYPE, body: "{\"__proto__\":{\"x\":1},\"constructor\":{\"prototype\":{\"y\":1}}}" },
  { label: "BOM", headers: JSON_TYPE, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("{}")]) },
  { label: "invalid UTF-8", headers: JSON_TYPE, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]) },
  { label: "overlong UTF-8 NUL", headers: JSON_TYPE, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]) },
  { label: "UTF-16 body", headers: JSON_TYPE, body: Buffer.from("{\"a\":1}", "utf16le") },
  { label: "latin1 charset", headers: { "content-type": "application/json; charset=latin1" }, body: "{}" },
  { label: "text/plain", headers: { "content-type": "text/plain" }, body: "{}" },
  { label: "form", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=%00" },
  { label: "xml", headers: { "content-type": "application/xml" }, body: "<a/>" },
  { label: "no content type", headers: {}, body: "{}" },
  { label: "bad content type", headers: { "content-type": ";;;/" }, body: "{}" },
  { label: "multipart without boundary", headers: { "content-type": "multipart/form-data" }, body: "--x\r\n\r\n" },
  { label: "multipart empty boundary", headers: { "content-type": "multipart/form-data; boundary=" }, body: "--\r\n" },
  { label: "multipart truncated", headers: { "content-type": "multipart/form-data; boundary=XyZ" },
    body: "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n户编号,姓名\r\n00" },
  { label: "multipart truncated headers", headers: { "content-type": "multipart/form-data; boundary=XyZ" },
    body: "--XyZ\r\nContent-Disposition: form-data; na" },
  { label: "multipart wrong boundary", headers: { "content-type": "multipart/form-data; boundary=XyZ" }, body: "--Other\r\n\r\nx\r\n--Other--\r\n" },
  { label: "multipart empty", headers: { "content-type": "multipart/form-data; boundary=XyZ" }, body: "" },
  { label: "multipart mixed", headers: { "content-type": "multipart/mixed; boundary=XyZ" }, body: "--XyZ--\r\n" },
  { label: "multipart field only", headers: { "content-type": "multipart/form-data; boundary=XyZ" },
    body: "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\u0000\r\n--XyZ--\r\n" },
  { label: "multipart file without name", headers: { "content-type": "multipart/form-data; boundary=XyZ" },
    body: "--XyZ\r\nContent-Disposition: form-data; filename=\"a.csv\"\r\n\r\nx\r\n--XyZ--\r\n" },
];

/** A small .csv upload under a hostile file name. */
function multipartFile(fileNameHeader: string, content = "户编号,姓名\r\n"): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.concat([
    Buffer.from(`--XyZ\r\nContent-Disposition: form-data; name="file"; ${fileNameHeader}\r\nContent-Type: text/csv\r\n\r\n`, "latin1"),
    Buffer.from(content),
    Buffer.from("\r\n--XyZ--\r\n"),
  ]);
  return { headers: { "content-type": "multipart/form-data; boundary=XyZ" }, body };
}
const HOSTILE_FILE_NAMES = [
  "filename=\"a\u0000b.csv\"", "filename*=UTF-8''a%00b.csv", "filename*=UTF-8''%ED%A0%80.csv", "filename*=UTF-8''%FF%FE.csv",
  `filename="${"x".repeat(1000)}.csv"`, `filename*=UTF-8''${"%E4%B8%AD".repeat(400)}.csv`, "filename=\"\"", "filename=\"../../etc/passwd\"",
  "filename=\"\u0085\u202e.csv\"", "filename*=UTF-8''a%0D%0Ab.csv",
];

// ---- requests per operation ------------------------------------------------

/** Real ids by the path segment before the parameter ("households/{id}"), so fuzzed input reaches the services too. */
const knownIds = new Map<string, string[]>();
/** Valid bodies for the main writes, so a single mutated field is checked past the schema, in the services and the database. */
const knownBodies = new Map<string, () => Json>();

function fillPath(op: Operation, rng: Rng, hostile?: { name: string; raw: string }): string {
  return op.path.replace(/([\w-]+)\/\{(\w+)\}/g, (_m, segment: string, name: string) => {
    if (hostile?.name === name) return `${segment}/${hostile.raw}`;
    const known = knownIds.get(`${segment}/{${name}}`);
    if (known && rng.next() < 0.7) return `${segment}/${rng.pick(known)}`;
    const p = op.parameters.find((x) => x.in === "path" && x.name === name);
    return `${segment}/${encodeValue(example(p?.schema, rng))}`;
  });
}

function requestsFor(op: Operation, rng: Rng, count: number): Request[] {
  const out: Request[] = [];
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const validQuery = () => queryParams.filter(() => rng.next() < 0.5).map((p) => `${p.name}=${encodeValue(example(p.schema, rng))}`);
  const generators: Array<() => Request> = [];
  if (pathParams.length > 0) {
    generators.push(() => {
      const p = rng.pick(pathParams);
      const raw = rng.next() < 0.5 ? rng.pick(RAW_URL_PIECES) : encodeValue(rng.pick(HOSTILE_VALUES));
      return { method: op.method, path: fillPath(op, rng, { name: p.name, raw }), label: `path ${p.name}=${raw.slice(0, 40)}` };
    });
  }
  if (queryParams.length > 0) {
    generators.push(() => {
      const p = rng.pick(queryParams);
      const raw = rng.next() < 0.5 ? rng.pick(RAW_URL_PIECES) : encodeValue(rng.pick(HOSTILE_VALUES));
      return { method: op.method, path: `${fillPath(op, rng)}?${[...validQuery(), `${p.name}=${raw}`].join("&")}`, label: `query ${p.name}=${raw.slice(0, 40)}` };
    });
    generators.push(() => {
      const p = rng.pick(queryParams);
      const v = encodeValue(example(p.schema, rng));
      const shape = rng.pick([`${p.name}=${v}&${p.name}=${v}`, `${p.name}[]=${v}`, `${p.name}[0]=${v}&${p.name}[1]=x`, `${p.name}[a][b]=${v}`,
        `${p.name}`, `${p.name}=`, `=${v}`, `&&&`, `${p.name}=${v}&unknown%00=1`, `__proto__[x]=1&${p.name}=${v}`]);
      return { method: op.method, path: `${fillPath(op, rng)}?${shape}`, label: `query shape ${shape.slice(0, 40)}` };
    });
  }
  if (op.body) {
    const body = op.body;
    const base = () => knownBodies.get(`${op.method} ${op.path}`)?.() ?? example(body, rng);
    generators.push(() => {
      const value = mutate(base(), rng);
      return { method: op.method, path: fillPath(op, rng), headers: JSON_TYPE, body: JSON.stringify(value), label: "mutated JSON body" };
    }, () => {
      const value = mutate(mutate(base(), rng), rng);
      return { method: op.method, path: fillPath(op, rng), headers: JSON_TYPE, body: JSON.stringify(value), label: "twice mutated JSON body" };
    });
  }
  if (op.method !== "GET" && op.method !== "DELETE") {
    generators.push(() => {
      const m = rng.pick(MALFORMED_BODIES);
      return { method: op.method, path: fillPath(op, rng), headers: m.headers, body: m.body, label: m.label };
    });
  }
  if (op.path === "/api/households/import") {
    generators.push(() => {
      const f = multipartFile(rng.pick(HOSTILE_FILE_NAMES), rng.next() < 0.5 ? "户编号,姓名\r\n" : "\u0000\u0001\ud800");
      return { method: op.method, path: `${op.path}?mode=valid-only`, headers: f.headers, body: f.body, label: "multipart hostile file name" };
    });
  }
  generators.push(() => ({ method: op.method, path: fillPath(op, rng), headers: { ...JSON_TYPE }, body: op.body ? JSON.stringify(example(op.body, rng)) : undefined, label: "valid-looking" }));
  for (let i = 0; i < count; i++) out.push(rng.pick(generators)());
  return out;
}

// ---- the wire ---------------------------------------------------------------

function send(port: number, req: Request, cookie: string | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (cookie) headers.cookie = cookie;
    if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
    const r = http.request({ host: "127.0.0.1", port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("aborted", () => resolve({ status: res.statusCode ?? 0, body: "", problem: "response aborted mid-way" }));
      res.on("error", (e) => resolve({ status: res.statusCode ?? 0, body: "", problem: `response error ${e.message}` }));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const declared = res.headers["content-length"];
        if (!res.complete) resolve({ status: res.statusCode ?? 0, body: "", problem: "incomplete response" });
        else if (declared !== undefined && Number(declared) !== body.length && req.method !== "HEAD") {
          resolve({ status: res.statusCode ?? 0, body: "", problem: `content-length ${declared}, got ${body.length}` });
        } else resolve({ status: res.statusCode ?? 0, body: body.toString("utf8") });
      });
    });
    r.on("error", (e) => resolve({ status: 0, body: "", problem: `connection ${(e as NodeJS.ErrnoException).code ?? e.message}` }));
    r.setTimeout(30_000, () => r.destroy(new Error("timeout")));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Bytes no HTTP client library would send: raw control and non-ASCII bytes in the request line and headers. */
function sendRaw(port: number, head: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (e) => resolve({ status: 0, body: "", problem: `connection ${(e as NodeJS.ErrnoException).code}` }));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf("\r\n\r\n");
      const body = split < 0 ? "" : Buffer.from(text.slice(split + 4), "latin1").toString("utf8");
      resolve(status ? { status, body: /transfer-encoding: chunked/i.test(text) ? dechunk(body) : body } : { status: 0, body: "", problem: "no response before close" });
    });
    socket.setTimeout(30_000, () => socket.destroy());
    // Written, not ended: Node's server drops a request whose client half-closed before the answer.
    socket.write(head);
  });
}
const dechunk = (s: string) => s.replace(/(^|\r\n)[0-9a-f]+\r\n/gi, "").replace(/\r\n$/, "");

function problemOf(outcome: Outcome): string | undefined {
  if (outcome.problem) return outcome.problem;
  if (outcome.status >= 500 || outcome.status === 0) return `status ${outcome.status}: ${outcome.body.slice(0, 200)}`;
  if (outcome.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.body);
    } catch {
      return `status ${outcome.status} without a JSON body: ${outcome.body.slice(0, 200)}`;
    }
    if (!ZErrorResponse.safeParse(parsed).success) return `status ${outcome.status} not the error shape: ${outcome.body.slice(0, 200)}`;
  }
  return undefined;
}

// ---- the test ---------------------------------------------------------------

describe("fuzzing every OpenAPI operation over raw HTTP", () => {
  let t: TestApp;
  let port: number;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    for (const role of ROLES) cookies.set(role, await signIn(t.app, role));
    const get = async (who: string, url: string) => (await t.app.inject({ url, headers: { cookie: cookies.get(who)! } })).json();
    const households = (await get("township", "/api/households?pageSize=5")).items.map((h: { id: string }) => h.id) as string[];
    const members = (await get("township", `/api/households/${households[0]}`)).members.map((m: { id: string }) => m.id) as string[];
    const zhangcun = await areaIdByName(t.prisma, "张村");
    const cases: string[] = [];
    const lead = { source: "DAILY_VISIT", receivedOn: "2026-11-23", riskCauses: ["SERIOUS_ILLNESS"], description: "户主突患重病" };
    for (const householdId of households.slice(0, 2)) {
      const res = await t.app.inject({ method: "POST", url: "/api/cases", headers: { cookie: cookies.get("township")! }, payload: { householdId, lead } });
      if (res.statusCode !== 201) throw new Error(`opening a case: ${res.statusCode} ${res.body}`);
      cases.push(res.json().id);
    }
    // Accounts of their own to disable and reset: the demo accounts must keep signing in.
    const users: string[] = [];
    for (const username of ["fuzz1", "fuzz2"]) {
      const payload = { username, displayName: "测试账号", role: "VILLAGE_CADRE", areaId: zhangcun, password: "Fuzz#2026-test" };
      const res = await t.app.inject({ method: "POST", url: "/api/users", headers: { cookie: cookies.get("admin")! }, payload });
      if (res.statusCode !== 201) throw new Error(`creating a user: ${res.statusCode} ${res.body}`);
      users.push(res.json().id);
    }
    knownBodies.set("POST /api/households", () => householdPayload(zhangcun))
      .set("PUT /api/households/{id}", () => ({ ...householdPayload(zhangcun), version: 1, reason: "核实后更正" }))
      .set("POST /api/cases", () => ({ householdId: households[4], lead }));
    knownIds.set("households/{id}", households).set("members/{memberId}", members).set("cases/{id}", cases)
      .set("users/{id}", users).set("publicity-notices/{villageId}", [String(zhangcun)]);
  });
  afterAll(() => t?.close());

  it("answers every malformed request with a 4xx in the error shape (or a success), never a 5xx or a dropped connection", async () => {
    const doc = (await send(port, { method: "GET", path: "/api/openapi.json", label: "doc" }, undefined));
    const openapi = JSON.parse(doc.body) as { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: Schema }> }; security?: unknown[] }>> };
    const operations: Operation[] = Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, o]) => ({
        method: method.toUpperCase(), path, parameters: o.parameters ?? [],
        body: o.requestBody?.content?.["application/json"]?.schema, public: Array.isArray(o.security) && o.security.length === 0,
      })));
    expect(operations.length).toBeGreaterThan(50);

    const rng = prng(SEED);
    const failures: string[] = [];
    let requests = 0;
    let failed = 0;
    const started = Date.now();
    const statuses = new Map<number, number>();
    const check = (who: string, req: Request, outcome: Outcome) => {
      requests++;
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      const problem = problemOf(outcome);
      if (problem) failed++;
      if (problem && failures.length < 50) failures.push(`${who} ${req.method} ${req.path.slice(0, 160)} [${req.label}] → ${problem}`);
    };

    // The requests of issue 11, whatever the seed draws.
    const known: Request[] = [
      ...["/api/households", "/api/users", "/api/cases", "/api/queues/township-leads", "/api/queues/township-leads/export.xlsx", "/api/households/export.xlsx"]
        .flatMap((p) => ["%00", "a%00", "%ED%A0%80", "%FF", "%25", "_"].map((q) => ({ method: "GET", path: `${p}?q=${q}`, label: "issue 11 query" }))),
      { method: "POST", path: "/api/households", headers: JSON_TYPE, body: JSON.stringify({ addressDetail: "a\u0000" }), label: "issue 11 JSON" },
      { method: "POST", path: "/api/cases", headers: JSON_TYPE, body: JSON.stringify({ householdId: "0193f0a0-0000-7000-8000-000000000001", procedure: "x", record: { description: "\u0000" } }), label: "issue 11 JSON" },
      { method: "PUT", path: "/api/calendar/overrides/2026-12-24", headers: JSON_TYPE, body: JSON.stringify({ kind: "WORKDAY", note: "\u0000" }), label: "issue 11 JSON" },
      { method: "POST", path: "/api/households/import", headers: { "content-type": "multipart/form-data" }, body: "x", label: "issue 11 multipart" },
      { method: "POST", path: "/api/households/import", headers: { "content-type": "multipart/form-data; boundary=XyZ" },
        body: "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc", label: "issue 11 multipart" },
    ];
    for (const role of ROLES) for (const req of known) check(role, req, await send(port, req, cookies.get(role)));
    const login: Request = { method: "POST", path: "/api/auth/login", headers: JSON_TYPE, body: JSON.stringify({ username: "admin\u0000", password: "x" }), label: "issue 11 login" };
    check("anonymous", login, await send(port, login, undefined));

    const timings: Array<[string, number]> = [];
    for (const op of operations) {
      const opStarted = Date.now();
      for (const who of [...ROLES, "anonymous"] as const) {
        // A public operation answers the same whoever asks: fuzz it once, anonymously.
        if (op.public && who !== "anonymous") continue;
        const hasInput = op.parameters.length > 0 || op.body !== undefined || op.method !== "GET";
        const count = !hasInput ? NO_INPUT_CASES : who === "anonymous" && !op.public ? ANONYMOUS_CASES
          : op.path.endsWith(".xlsx") ? Math.ceil(CASES_PER_OPERATION / 2) : CASES_PER_OPERATION; // a valid export builds a whole workbook
        for (const req of requestsFor(op, rng, count)) {
          const outcome = await send(port, req, cookies.get(who));
          // A signed-in role is never refused as signed out: a 401 here is a lost session, reported, not signed in again.
          if (who !== "anonymous" && outcome.status === 401) {
            failed++;
            if (failures.length < 50) failures.push(`${who} ${req.method} ${req.path.slice(0, 160)} [${req.label}] → 401 on a live session: ${outcome.body.slice(0, 200)}`);
          }
          check(who, req, outcome);
          // A fuzzed sign-out that succeeded ends the session on purpose: sign in again before the next request.
          if (who !== "anonymous" && op.path === "/api/auth/logout" && outcome.status < 300) cookies.set(who, await signIn(t.app, who));
        }
      }
      timings.push([`${op.method} ${op.path}`, Date.now() - opStarted]);
    }
    if (process.env.FUZZ_DEBUG) console.log(timings.sort((x, y) => y[1] - x[1]).slice(0, 10));

    // What no client library sends: raw bytes in the request line and headers.
    const raws = [
      "GET /api/households?q=\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/households?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/\x7f HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/health HTTP/1.1\r\nHost: x\r\nUser-Agent: a\x01\x85\xff\r\n\r\n",
      "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \xff, 1.2.3.4, not-an-ip\r\n\r\n",
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Long: ${"x".repeat(20_000)}\r\n\r\n`,
      `GET /api/households?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
      "GET / HTTP/9.9\r\n\r\n",
      "\x00\x01\x02\r\n\r\n",
    ];
    for (const role of ["anonymous", "admin"] as const) {
      for (const raw of raws) {
        const withCookie = role === "admin" ? raw.replace("Host: x\r\n", `Host: x\r\nCookie: ${cookies.get("admin")}\r\n`) : raw;
        const outcome = await sendRaw(port, Buffer.from(withCookie.replace(/HTTP\/1\.1\r\n/, "HTTP/1.1\r\nConnection: close\r\n"), "latin1"));
        // A request the HTTP parser itself cannot read may be answered by closing the connection after a 400.
        check(role, { method: "RAW", path: JSON.stringify(raw.slice(0, 60)), label: "raw bytes" }, outcome);
      }
    }

    const health = await send(port, { method: "GET", path: "/api/health", label: "health" }, undefined);
    expect(health.status).toBe(200);
    console.log(`fuzz: ${requests} requests over ${operations.length} operations × ${ROLES.length + 1} roles (seed ${SEED}) in ${Date.now() - started} ms; ${failed} failed; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
  }, 300_000);
});
