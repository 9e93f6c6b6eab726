import { describe, expect, it } from "vitest";
import { z } from "zod";
import { uuidV7 } from "./uuid-v7.ts";

describe("uuidV7", () => {
  it("is an RFC 9562 version 7 UUID that the API's uuid checks accept", () => {
    const id = uuidV7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.string().uuid().safeParse(id).success).toBe(true);
  });

  it("starts with the time, so ids made later sort after earlier ones; ids of the same millisecond differ", () => {
    const t = Date.UTC(2026, 10, 23, 6, 0, 0);
    const a = uuidV7(t);
    const b = uuidV7(t + 1);
    expect(a.slice(0, 13).replace("-", "")).toBe(t.toString(16).padStart(12, "0"));
    expect(a < b).toBe(true);
    const same = new Set(Array.from({ length: 10_000 }, () => uuidV7(t)));
    expect(same.size).toBe(10_000);
  });
});
