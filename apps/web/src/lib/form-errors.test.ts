import { describe, expect, it } from "vitest";
import { changedFieldNames, pathToName, toFieldErrors } from "./form-errors.ts";

describe("pathToName", () => {
  it("turns the API's dotted paths into antd names with numeric list indexes", () => {
    expect(pathToName("members.1.idNumber")).toEqual(["members", 1, "idNumber"]);
    expect(pathToName("income.wageIncome")).toEqual(["income", "wageIncome"]);
    expect(pathToName("")).toEqual([]);
  });

  it("accepts zod's path arrays", () => {
    expect(pathToName(["members", 0, "gender"])).toEqual(["members", 0, "gender"]);
  });
});

describe("toFieldErrors", () => {
  const fields = new Set(['["members",1,"idNumber"]', '["phone"]']);
  const isField = (name: (string | number)[]) => fields.has(JSON.stringify(name));

  it("groups messages per field and keeps the rest as general messages", () => {
    const result = toFieldErrors(
      [
        { path: "members.1.idNumber", message: "身份证号码校验位不正确" },
        { path: ["members", 1, "idNumber"], message: "与第 1 名成员的证件号码重复" },
        { path: "phone", message: "请输入 11 位手机号码" },
        { path: "", message: "提交的内容有误" },
        { path: "members.1.id", message: "该成员不属于本户" },
      ],
      isField,
    );
    expect(result.fields).toEqual([
      { name: ["members", 1, "idNumber"], errors: ["身份证号码校验位不正确", "与第 1 名成员的证件号码重复"] },
      { name: ["phone"], errors: ["请输入 11 位手机号码"] },
    ]);
    expect(result.general).toEqual(["提交的内容有误", "该成员不属于本户"]);
  });
});

describe("changedFieldNames", () => {
  it("lists the leaves of antd's sparse changedValues", () => {
    expect(changedFieldNames({ members: [, { idNumber: "1" }] })).toEqual([["members", 1, "idNumber"]]);
    expect(changedFieldNames({ income: { wageIncome: 10 }, phone: "1" })).toEqual([["income", "wageIncome"], ["phone"]]);
  });

  it("stops at values that are not plain objects (dates)", () => {
    const date = new Date();
    expect(changedFieldNames({ designatedAt: date })).toEqual([["designatedAt"]]);
  });
});
