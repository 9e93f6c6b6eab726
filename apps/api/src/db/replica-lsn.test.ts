import { describe, expect, it } from "vitest";
import { formatLsn, isReplicaUnavailable, parseLsn } from "./replica.ts";

describe("WAL positions", () => {
  it("parses PostgreSQL's text form into numbers that order like the WAL, and back", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
    expect(formatLsn(parseLsn("16/b374d848")!)).toBe("16/B374D848");
  });
  it("refuses anything else (a cookie is the user's to change)", () => {
    for (const bad of [undefined, null, "", "16", "16/", "/1", "G/1", "1/2/3", "123456789/0", " 0/1", 5]) expect(parseLsn(bad)).toBeNull();
  });
});

describe("isReplicaUnavailable", () => {
  it("takes outages and recovery conflicts, not faults of the query", () => {
    expect(isReplicaUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isReplicaUnavailable(new Error("x", { cause: { originalCode: "40001", originalMessage: "canceling statement due to conflict with recovery" } }))).toBe(true);
    expect(isReplicaUnavailable(Object.assign(new Error("could not serialize access due to concurrent update"), { code: "40001" }))).toBe(false);
    expect(isReplicaUnavailable(Object.assign(new Error("cannot execute INSERT in a read-only transaction"), { code: "25006" }))).toBe(false);
  });
});
