/**
 * A spreadsheet cell whose value the importer cannot know: a formula saved
 * without its result (files written by programs such as openpyxl, or with
 * "recalculate on open" set, as xlsxwriter does), or an error value such as
 * #DIV/0!. Reading it as empty or 0 once overwrote registered wage incomes
 * with 0; it is reported as a problem of its row and column instead.
 */
const BRAND = Symbol.for("fanpin.UnreadableCell");

export class UnreadableCell {
  readonly [BRAND] = true;
  constructor(readonly kind: "formula" | "error", readonly shown: string) {}

  /** By a registered symbol, not instanceof: the API and the domain package may load this module twice (by package name and by path). */
  static is(value: unknown): value is UnreadableCell {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** What the rejected-rows file and the header search see. */
  toString(): string {
    return this.shown;
  }

  get message(): string {
    return this.kind === "formula"
      ? "该格是公式，但文件中没有保存可信的计算结果（常见于由程序生成、未在表格软件中打开保存过的文件）。请在表格软件中打开并保存后重新导入，或把公式改为数值"
      : `该格的值是错误“${this.shown}”（公式计算出错），请改正后重新导入`;
  }
}
