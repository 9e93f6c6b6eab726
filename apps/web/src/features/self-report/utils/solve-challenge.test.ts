import { createChallenge, verifySolution } from "altcha-lib";
import { describe, expect, it } from "vitest";
import { solveChallenge } from "./solve-challenge.ts";

describe("solveChallenge", () => {
  it("answers the API's challenge (altcha-lib on the server) in the form the server verifies", async () => {
    const challenge = await createChallenge({ hmacKey: "test-key", maxnumber: 3000 });
    const answer = await solveChallenge(challenge);
    expect(await verifySolution(answer, "test-key")).toBe(true);
    expect(await verifySolution(answer, "other-key")).toBe(false);
  });
});
