import { describe, expect, it } from "vitest";
import { computeCheckCharacter, describeCitizenId, findCitizenIdProblem, maskCitizenId, normalizeCitizenId } from "./citizen-id.ts";
import { independentCheckCharacter } from "./testing/id-numbers.ts";

const today = new Date("2026-11-23T00:00:00Z");

describe("citizen ID (GB 11643)", () => {
  it("accepts the published examples, including X check characters", () => {
    for (const id of ["11010519491231002X", "440524188001010014", "34052419800101001X"]) {
      expect(findCitizenIdProblem(id, today)).toBeNull();
    }
  });

  it("computes the check character with the MOD 11-2 weights", () => {
    expect(computeCheckCharacter("11010519491231002")).toBe("X");
    expect(computeCheckCharacter("44052418800101001")).toBe("4");
  });

  it("rejects a wrong check digit", () => {
    expect(findCitizenIdProblem("110105194912310021", today)).toBe("CHECK_DIGIT");
  });

  it("rejects every other check character on the published examples", () => {
    for (const id of ["11010519491231002X", "440524188001010014", "34052419800101001X"]) {
      for (const wrong of "0123456789X") {
        if (wrong === id[17]) continue;
        expect(findCitizenIdProblem(id.slice(0, 17) + wrong, today), id.slice(0, 17) + wrong).toBe("CHECK_DIGIT");
      }
    }
  });

  it("agrees with the test-only generator, written from the standard's definition, on every check value", () => {
    // Sequences 000…999 on one date reach all eleven check values (0–9 and X).
    const seen = new Set<string>();
    for (let n = 0; n < 1000; n++) {
      const first17 = `37100219800101${String(n).padStart(3, "0")}`;
      expect(computeCheckCharacter(first17), first17).toBe(independentCheckCharacter(first17));
      seen.add(independentCheckCharacter(first17));
    }
    expect(seen.size).toBe(11);
  });

  it("rejects wrong length and characters", () => {
    expect(findCitizenIdProblem("11010519491231002", today)).toBe("LENGTH");
    expect(findCitizenIdProblem("1101051949123100X2", today)).toBe("CHARACTERS");
    expect(findCitizenIdProblem("11010519491231002x", today)).toBe("CHARACTERS");
  });

  it("rejects impossible and future birth dates even when the check digit fits", () => {
    const withCheck = (first17: string) => first17 + independentCheckCharacter(first17);
    expect(findCitizenIdProblem(withCheck("37100219900230001"), today)).toBe("BIRTH_DATE");
    expect(findCitizenIdProblem(withCheck("37100220300101001"), today)).toBe("BIRTH_DATE_IN_FUTURE");
    expect(findCitizenIdProblem(withCheck("37100220000229001"), today)).toBeNull();
    for (const date of ["19000229", "19990229", "19990431", "19991301", "19990001", "19990100", "18691231", "00000101"]) {
      expect(findCitizenIdProblem(withCheck(`371002${date}001`), today), date).toBe("BIRTH_DATE");
    }
    for (const date of ["18700101", "19960229", "19991231"]) {
      expect(findCitizenIdProblem(withCheck(`371002${date}001`), today), date).toBeNull();
    }
    expect(findCitizenIdProblem(withCheck("37100220261124001"), today)).toBe("BIRTH_DATE_IN_FUTURE");
  });

  it("normalises spaces and a lower-case x", () => {
    expect(normalizeCitizenId(" 110105 19491231002x ")).toBe("11010519491231002X");
  });

  it("reads birth date and gender", () => {
    expect(describeCitizenId("11010519491231002X")).toEqual({ birthDate: "1949-12-31", gender: "FEMALE" });
    expect(describeCitizenId("440524188001010014")).toEqual({ birthDate: "1880-01-01", gender: "MALE" });
  });

  it("masks the birth date and sequence", () => {
    expect(maskCitizenId("11010519491231002X")).toBe("110105********002X");
  });
});
