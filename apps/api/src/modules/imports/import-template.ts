import { HOUSEHOLD_SHEET_COLUMNS, TEXT_COLUMN_KEYS } from "@fanpin/domain/import/household-sheet";
import ExcelJS, { type DataValidation } from "../../lib/exceljs.ts";
import { HOUSEHOLD_NO_MESSAGE } from "@fanpin/domain/household-no";
import { PRINT_FOOTER, printSetup, tableStyles } from "../../lib/xlsx.ts";

const TEMPLATE_ROWS = 5000;

const INSTRUCTIONS = [
  "家庭信息导入模板填写说明",
  "1. 数据填在第一个工作表“户档案”中，表头不要修改、删除或调整；每名家庭成员一行。",
  "2. 同一户的成员填写相同的“户编号”，且各行连续排列；户级信息（地址、户类别、收入、致贫风险等）以该户第一行为准，其他行可留空或填写相同内容。",
  "3. “证件号码”“户编号”“区划代码”“联系电话”列已设为文本格式。请勿改为“常规”或“数值”，否则 18 位身份证号码会变成 3.71002E+17 之类的数字并丢失末几位，系统会拒收。",
  "4. 带下拉选项的列请从下拉列表中选择（选项见“选项”工作表）；金额单位为元，最多两位小数；认定日期格式为 2026-01-15。",
  `5. ${HOUSEHOLD_NO_MESSAGE}。村（社区）统计用区划代码为 12 位；自然村（村民小组）须与系统中的名称一致，可留空。`,
  "6. 导入时可选择“全部正确才导入”或“导入正确的户，退回有错误的行”；退回的行会附带错误说明，修正后可直接再次导入。",
  "7. 同一文件重复导入不会重复登记：系统按户编号或户主证件号码识别已登记的家庭，内容相同则不作改动，不同则按文件更新（认定类型只能通过监测帮扶程序变更）。",
  "8. 可导入 .xlsx 文件，或 UTF-8 / GB18030（Excel“CSV（逗号分隔）”）编码的 .csv 文件。",
];

/** The import template: headers as the collection form names them, text columns typed as text, drop-downs for coded columns. */
export async function buildImportTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "防返贫动态监测帮扶系统";
  const sheet = workbook.addWorksheet("户档案", { views: [{ state: "frozen", ySplit: 1 }] });
  const notes = workbook.addWorksheet("填写说明");
  const options = workbook.addWorksheet("选项");

  sheet.columns = HOUSEHOLD_SHEET_COLUMNS.map((c) => ({
    header: c.header, key: c.key, width: c.width, ...(TEXT_COLUMN_KEYS.has(c.key) ? { style: { numFmt: "@" } } : {}),
  }));
  // Printed as every list the system writes (lib/xlsx.ts): A4 landscape, fit to width, header on every page.
  sheet.pageSetup = { ...sheet.pageSetup, ...printSetup(1) };
  sheet.headerFooter = { ...sheet.headerFooter, ...PRINT_FOOTER };
  const header = sheet.getRow(1);
  const { header: headerStyle } = tableStyles([]);
  header.eachCell((cell) => (cell.style = headerStyle));
  header.height = 32;

  let optionColumn = 0;
  HOUSEHOLD_SHEET_COLUMNS.forEach((c, i) => {
    if (!c.labels) return;
    optionColumn++;
    const values = Object.values(c.labels);
    const col = options.getColumn(optionColumn);
    col.width = Math.max(12, c.width);
    options.getCell(1, optionColumn).value = c.header;
    options.getCell(1, optionColumn).font = { bold: true };
    values.forEach((v, j) => (options.getCell(j + 2, optionColumn).value = v));
    const letter = col.letter;
    const target = sheet.getColumn(i + 1).letter;
    // exceljs implements worksheet.dataValidations but its type declarations omit it.
    (sheet as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations.add(`${target}2:${target}${TEMPLATE_ROWS}`, {
      type: "list",
      allowBlank: true,
      formulae: [`'选项'!$${letter}$2:$${letter}$${values.length + 1}`],
      showErrorMessage: true,
      errorTitle: "请从下拉列表中选择",
      error: `“${c.header}”请从下拉列表中选择`,
    });
  });

  notes.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((line, i) => {
    const cell = notes.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
