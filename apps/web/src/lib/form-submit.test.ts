import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "./api-client.ts";
import { detailsUnder, parseWith, runSubmit } from "./form-submit.ts";

const schema = z.object({ name: z.string().min(1, "请填写姓名") });
const refusal = (status: number, code: string, message: string, details: { path: string; message: string }[] = []) =>
  new ApiError({ status, code, message, details: details.map((d) => ({ ...d, code: "X" })) as never });

describe("runSubmit", () => {
  it("does not send values the schema refuses, and returns its issues", async () => {
    let sent = false;
    const outcome = await runSubmit({ parse: () => parseWith(schema, { name: "" }), send: async () => (sent = true) });
    expect(outcome).toEqual({ kind: "invalid", issues: [{ path: ["name"], message: "请填写姓名" }] });
    expect(sent).toBe(false);
  });

  it("sends the parsed data and returns the result", async () => {
    const outcome = await runSubmit({ parse: () => parseWith(schema, { name: "张三" }), send: async (d) => `saved ${d.name}` });
    expect(outcome).toEqual({ kind: "done", result: "saved 张三" });
  });

  it("puts the API's details on the fields, inside the prefix", async () => {
    const error = refusal(422, "CASE_RULE_VIOLATION", "x", [{ path: "lead.receivedOn", message: "线索接收日期不能晚于今天" }]);
    const outcome = await runSubmit({ parse: () => ({ ok: true, data: {} }), send: async () => Promise.reject(error), detailsPrefix: "lead" });
    expect(outcome).toEqual({ kind: "fields", issues: [{ path: "receivedOn", message: "线索接收日期不能晚于今天" }] });
  });

  it("shows a refusal naming no field as one message", async () => {
    const outcome = await runSubmit({ parse: () => ({ ok: true, data: {} }), send: async () => Promise.reject(refusal(409, "CASE_ALREADY_OPEN", "该户已有在办案件")) });
    expect(outcome).toEqual({ kind: "general", message: "该户已有在办案件" });
  });

  it("leaves server faults, network errors and other throws to the app-wide handling", async () => {
    for (const error of [refusal(500, "INTERNAL", "服务器错误"), refusal(0, "NETWORK", "网络"), new Error("boom")]) {
      const outcome = await runSubmit({ parse: () => ({ ok: true, data: {} }), send: async () => Promise.reject(error) });
      expect(outcome).toEqual({ kind: "failed", error });
    }
  });

  it("lets the form answer a refusal itself first", async () => {
    const conflict = refusal(409, "VERSION_CONFLICT", "已被他人修改");
    const run = (answer: "handled" | string | undefined) =>
      runSubmit({ parse: () => ({ ok: true, data: {} }), send: async () => Promise.reject(conflict), onApiError: () => answer });
    expect(await run("handled")).toEqual({ kind: "handled" });
    expect(await run("请刷新")).toEqual({ kind: "general", message: "请刷新" });
    expect(await run(undefined)).toEqual({ kind: "general", message: "已被他人修改" });
  });
});

describe("detailsUnder", () => {
  it("keeps paths as they are without a prefix, and strips one when given", () => {
    const details = [{ path: "record.visitedOn", message: "a", code: "X" }, { path: "version", message: "b", code: "X" }] as never;
    expect(detailsUnder(details)).toEqual([{ path: "record.visitedOn", message: "a" }, { path: "version", message: "b" }]);
    expect(detailsUnder(details, "record")).toEqual([{ path: "visitedOn", message: "a" }, { path: "", message: "b" }]);
  });
});
