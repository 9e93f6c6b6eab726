import { passwordProblems } from "@fanpin/domain/password-rules";
import { describe, expect, it } from "vitest";
import { generatePassword } from "./generate-password.ts";

describe("generatePassword", () => {
  it("always meets the password rules, with the username too", () => {
    for (let i = 0; i < 2000; i++) {
      const password = generatePassword("wenquan01");
      expect(password).toHaveLength(12);
      expect(passwordProblems(password, "wenquan01")).toEqual([]);
      expect(password).not.toMatch(/[01OlI]/);
    }
  });
});
