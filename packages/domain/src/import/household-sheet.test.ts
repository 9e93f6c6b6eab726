import { describe, expect, it } from "vitest";
import { independentCheckCharacter as computeCheckCharacter } from "../testing/id-numbers.ts"; // not the production code under test
import { ZCreateHouseholdRequest } from "../household-schemas.ts";
import { HOUSEHOLD_NO_MESSAGE } from "../household-no.ts";
import { findMissingColumns, HOUSEHOLD_SHEET_COLUMNS, householdSheetRows, locateIssue, readHouseholdRows, type SheetHouseholdData } from "./household-sheet.ts";

const id = (first17: string) => first17 + computeCheckCharacter(first17);
const head = id("37100219600101001");
const spouse = id("37100219620202002");

const row = (r: number, cells: Record<string, unknown>) => ({ row: r, cells });
const headRow = {
  户编号: "371002100201000001", "村（社区）统计用区划代码": "371002100201", "村（社区）": "张村", "自然村（村民小组）": "第一村民小组",
  户类别: "一般农户", 联系电话: "13800000000", "A1 姓名": "王建国", "A2 性别": "男", "A3 证件类型": "居民身份证", "A4 证件号码": head,
  "A5 与户主关系": "户主", "A6 民族": "汉族", "A7 政治面貌": "群众", "A8 文化程度": "小学", "A9 在校状况": "非在校生", "A10 健康状况": "患有大病",
  "A12 务工区域": "未务工", "A13 务工时间（月）": 0, "A52a 致贫风险1": "因大病", "A28 工资性收入（元）": "8,000", "A29b 低保金（元）": 1200.5,
};
const spouseRow = { ...headRow, "A1 姓名": "李秀英", "A2 性别": "女", "A4 证件号码": spouse, "A5 与户主关系": "配偶", "A10 健康状况": "健康" };

describe("the household sheet", () => {
  it("has every collection-form field as a Chinese header", () => {
    expect(HOUSEHOLD_SHEET_COLUMNS.map((c) => c.header)).toEqual(expect.arrayContaining(["户编号", "A1 姓名", "A4 证件号码", "A52a 致贫风险1", "A28 工资性收入（元）", "A32 生产经营性支出（元）"]));
    expect(findMissingColumns(["户编号", "A1 姓名"])).toContain("A4 证件号码");
  });

  it("reads a short number as its digits, and refuses a 户编号 that lost digits as a number, or any cell with control characters", () => {
    const short = readHouseholdRows([row(2, { ...headRow, 联系电话: 13800000000 })]);
    expect(short.problems).toEqual([]);
    expect(short.households[0]!.request).toMatchObject({ householdNo: "371002100201000001", phone: "13800000000" });
    const { households, problems } = readHouseholdRows([
      row(2, { ...headRow, 户编号: 371002100201000100 }),
      row(3, { ...headRow, 户编号: "371002100201000002", "A1 姓名": "王\u0000建国", 详细地址: "张村\u000b3号" }),
    ]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([[2, "户编号"], [3, "A1 姓名"], [3, "详细地址"]]);
    expect(problems[0]!.message).toContain("当作数字保存");
    expect(problems[1]!.message).toContain("控制字符");
    expect(households.map((h) => h.householdNo)).toEqual(["371002100201000002"]);
  });

  it("refuses a 户编号 not in the national format, saying the format", () => {
    const { households, problems } = readHouseholdRows([row(2, { ...headRow, 户编号: "IMP-A" }), row(3, { ...spouseRow, 户编号: "IMP-A" })]);
    expect(households).toEqual([]);
    expect(problems).toEqual([2, 3].map((r) => ({ row: r, column: "户编号", message: `“IMP-A”不是有效的户编号。${HOUSEHOLD_NO_MESSAGE}` })));
  });

  it("groups member rows by household number into a valid request", () => {
    const { households, problems } = readHouseholdRows([row(2, headRow), row(3, spouseRow)]);
    expect(problems).toEqual([]);
    expect(households).toHaveLength(1);
    const h = households[0]!;
    expect(h).toMatchObject({ rows: [2, 3], villageCode: "371002100201", naturalVillage: "第一村民小组" });
    const parsed = ZCreateHouseholdRequest.safeParse({ ...h.request, villageId: 1 });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data!.income.wageIncome).toBe(8000);
    expect(parsed.data!.members.map((m) => m.relation)).toEqual(["HEAD", "SPOUSE"]);
  });

  it("reports unknown labels, numbers and spreadsheet-mangled ID numbers by row and column", () => {
    const { problems } = readHouseholdRows([
      row(2, { ...headRow, "A2 性别": "M", "A4 证件号码": 371002196001010000, "A13 务工时间（月）": "半年" }),
      row(3, { ...spouseRow, 户编号: "" }),
    ]);
    expect(problems).toEqual([
      { row: 2, column: "A2 性别", message: "“M”不是有效的选项，可填：男、女" },
      { row: 2, column: "A4 证件号码", message: expect.stringContaining("被表格软件当作数字保存") },
      { row: 2, column: "A13 务工时间（月）", message: "“半年”不是数字" },
      { row: 3, column: "户编号", message: "请填写户编号（同一户的成员填写相同户编号）" },
    ]);
  });

  it("maps a schema issue back to the member's row and column", () => {
    const { households } = readHouseholdRows([row(2, headRow), row(3, { ...spouseRow, "A2 性别": "男" })]);
    const h = households[0]!;
    const issue = ZCreateHouseholdRequest.safeParse({ ...h.request, villageId: 1 }).error!.issues[0]!;
    expect(locateIssue(h, issue.path as (string | number)[], issue.message)).toEqual({
      row: 3, column: "A2 性别", message: "性别与身份证号码第 17 位不符（奇数为男，偶数为女）",
    });
  });

  it("writes a household as rows that read back to the same request", () => {
    const { households } = readHouseholdRows([row(2, headRow), row(3, spouseRow)]);
    const request = households[0]!.request as Record<string, unknown>;
    const rows = householdSheetRows({
      ...(request as unknown as SheetHouseholdData), villageCode: "371002100201", villageName: "张村", naturalVillage: "第一村民小组",
    });
    const headers = HOUSEHOLD_SHEET_COLUMNS.map((c) => c.header);
    const again = readHouseholdRows(rows.map((values, i) => row(i + 2, Object.fromEntries(headers.map((h, j) => [h, values[j]])))));
    expect(again.problems).toEqual([]);
    expect(again.households[0]!.request).toEqual(request);
  });
});
