import { describe, expect, it } from "vitest";
import { ZNewPassword } from "./auth-schemas.ts";
import { PASSWORD_RULE_MESSAGES as M, passwordProblems } from "./password-rules.ts";
import { ZCreateUserRequest } from "./user-schemas.ts";

describe("password rules (等保 level 3)", () => {
  it("refuses the passwords accepted before, each with the rule it breaks", () => {
    expect(passwordProblems("aaaaaaa1")).toEqual([M.tooShort, M.classes, M.predictable]);
    expect(passwordProblems("abcdefg1")).toEqual([M.tooShort, M.classes, M.predictable]);
  });

  it("wants at least 10 characters", () => {
    expect(passwordProblems("Xq7#pLm2v")).toEqual([M.tooShort]);
    expect(passwordProblems("Xq7#pLm2vR")).toEqual([]);
  });

  it("wants 3 of the 4 classes: upper case, lower case, digits, symbols", () => {
    expect(passwordProblems("xqzpvlmrtw7")).toEqual([M.classes]);
    expect(passwordProblems("XQZPVLMRTW#")).toEqual([M.classes]);
    expect(passwordProblems("xqzpvlmrtw7#")).toEqual([]);
    expect(passwordProblems("XQZPVLMRTW7#")).toEqual([]);
    expect(passwordProblems("Xqzpvlmrtw7")).toEqual([]);
    // Chinese characters and spaces count as symbols.
    expect(passwordProblems("xqzpv 监测 lmr7")).toEqual([]);
  });

  it("refuses the username inside the password, whatever the case", () => {
    expect(passwordProblems("Wenquan01#x", "wenquan01")).toEqual([M.containsUsername]);
    expect(passwordProblems("xWENQUAN01#", "wenquan01")).toEqual([M.containsUsername]);
    expect(passwordProblems("Wenquan02#x", "wenquan01")).toEqual([]);
  });

  it("refuses control and invisible characters", () => {
    for (const c of ["\u0000", "\t", "\n", "\u007f", "\u0085", "\u200b", "\ufeff", "\u2028"]) {
      expect(passwordProblems(`Xq7#pLm${c}2vR`), JSON.stringify(c)).toEqual([M.controlCharacters]);
    }
  });

  it("refuses common passwords, keyboard and alphabet runs, repeats and years, also in l33t spelling", () => {
    for (const p of [
      "Abcdefg123!", "Qwerty@2026", "P@ssw0rd2026", "Password123", "Admin@12345", "1qaz@WSX3edc", "Zaq12wsx!@#", "Asdfghjkl;1",
      "Aa1!Aa1!Aa1!", "Woaini1314!", "5201314Abc!", "Huawei@2026", "Aaaaaaaaa1!", "Abc12345678", "987654321Zy", "Iloveyou2026",
    ]) {
      expect(passwordProblems(p), p).toContain(M.predictable);
    }
  });

  it("accepts passwords a person made up or a generator drew", () => {
    for (const p of ["Wenquan2026", "Reset2026ab", "Mine2026yz!", "Zhangcun#Lake7", "k7Rt#pXw9mQe", "Hn4v-Qe8z-Lt2"]) {
      expect(passwordProblems(p), p).toEqual([]);
    }
  });

  it("at most 128 characters", () => {
    expect(passwordProblems(`Xq7#${"pLm2vRt9".repeat(16)}`)).toEqual([M.tooLong]);
  });

  it("gives the same messages through the request schemas", () => {
    const result = ZNewPassword.safeParse("abcdefg1");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([M.tooShort, M.classes, M.predictable]);
    const create = ZCreateUserRequest.safeParse({ username: "wenquan01", displayName: "孙专干", role: "TOWNSHIP_STAFF", areaId: 1, password: "Wenquan01#x" });
    expect(create.error?.issues).toEqual([expect.objectContaining({ path: ["password"], message: M.containsUsername })]);
  });
});
