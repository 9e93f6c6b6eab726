import { z } from "zod";

/**
 * Plain-Chinese validation messages for every zod schema of the project, on
 * the server and in the SPA alike. zod's own zh-CN locale names types
 * ("期望 string"), which officials cannot act on; these say what to fix.
 * Schemas still give field-specific messages where a rule needs explaining.
 */
export function installChineseZodMessages(): void {
  z.config({
    customError: (issue) => {
      switch (issue.code) {
        case "invalid_type":
          if (issue.input === undefined || issue.input === null) return "此项为必填项";
          if (issue.expected === "number" || issue.expected === "int") return "请输入数字";
          if (issue.expected === "string") return "请输入文字";
          if (issue.expected === "array") return "格式不正确，应为列表";
          if (issue.expected === "object") return "格式不正确";
          return "格式不正确";
        case "too_small":
          if (issue.origin === "string") return issue.minimum === 1 ? "此项为必填项" : `至少 ${issue.minimum} 个字符`;
          if (issue.origin === "array") return `至少 ${issue.minimum} 项`;
          return `不能小于 ${issue.minimum}`;
        case "too_big":
          if (issue.origin === "string") return `最多 ${issue.maximum} 个字符`;
          if (issue.origin === "array") return `最多 ${issue.maximum} 项`;
          return `不能大于 ${issue.maximum}`;
        case "invalid_value":
          return "请选择列表中的有效选项";
        case "invalid_format":
          if (issue.format === "regex") return "格式不正确";
          if (issue.format === "uuid") return "编号格式不正确";
          if (issue.format === "date") return "日期格式应为 YYYY-MM-DD";
          return "格式不正确";
        case "not_multiple_of":
          return issue.divisor === 1 ? "须为整数" : "最多保留两位小数";
        case "unrecognized_keys":
          return `不认识的字段：${issue.keys.join("、")}`;
        case "invalid_union":
          return "格式不正确";
        default:
          return undefined;
      }
    },
  });
}

installChineseZodMessages();
