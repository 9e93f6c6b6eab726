import { describe, expect, it } from "vitest";
import { fileNameFromDisposition } from "./download.ts";

describe("the file name of a download", () => {
  it("prefers the UTF-8 name and falls back to the plain one", () => {
    const header = `attachment; filename="______20261123.xlsx"; filename*=UTF-8''${encodeURIComponent("户档案_环翠区_20261123.xlsx")}`;
    expect(fileNameFromDisposition(header, "export.xlsx")).toBe("户档案_环翠区_20261123.xlsx");
    expect(fileNameFromDisposition('attachment; filename="list.xlsx"', "export.xlsx")).toBe("list.xlsx");
    expect(fileNameFromDisposition(null, "export.xlsx")).toBe("export.xlsx");
  });
});
