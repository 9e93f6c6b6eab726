import { AppError } from "../../lib/app-error.ts";

/**
 * The messages of a file over one of the import's limits (config.ts
 * ImportLimits): each names the limit and, where it is known, the row.
 */
const at = (row: number) => (row > 0 ? `第 ${row} 行：` : "");
const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const LIMIT_MESSAGES = {
  cell: (row: number, max: number) => `${at(row)}单元格内容超过 ${max} 个字符的上限`,
  sharedString: (item: number, max: number) => `文件的共享文本第 ${item} 项：单元格内容超过 ${max} 个字符的上限（在读取数据行之前发现，已停止读取）`,
  rowChars: (row: number, max: number) => `${at(row)}一行的内容超过 ${max} 个字符的上限`,
  columns: (row: number, max: number) => `${at(row)}列数超过 ${max} 列的上限`,
  rows: (row: number, max: number) => `${at(row)}数据行数超过 ${max} 行的上限`,
  part: (name: string, max: number, row: number) =>
    `${row > 0 ? `读到第 ${row} 行时，` : ""}文件中的 ${name} 解压后超过 ${mb(max)} 的上限（文件可能已损坏，或是“压缩炸弹”）`,
  file: (max: number, row: number) => `${row > 0 ? `读到第 ${row} 行时，` : ""}文件解压后的总大小超过 ${mb(max)} 的上限（文件可能已损坏，或是“压缩炸弹”）`,
};

export function limitExceeded(message: string): AppError {
  return new AppError("IMPORT_LIMIT_EXCEEDED", { message: `${message}。请检查文件，或拆分后分批导入` });
}
