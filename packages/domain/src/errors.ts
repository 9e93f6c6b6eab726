import { z } from "zod";
import { REJECTED_FILE_DAYS } from "./import-schemas.ts";

/**
 * Every error the API returns has this shape and one of these stable codes.
 * The SPA shows `message` (Chinese, actionable) and maps `details` onto form
 * fields by `path`.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: "提交的内容有误，请按提示修改后重试" },
  UNAUTHENTICATED: { status: 401, message: "请先登录" },
  SESSION_EXPIRED: { status: 401, message: "长时间未操作，登录已失效，请重新登录" },
  INVALID_CREDENTIALS: { status: 401, message: "用户名或密码不正确" },
  ACCOUNT_LOCKED: { status: 423, message: "连续登录失败次数过多，账号已暂时锁定，请稍后再试或联系管理员解锁" },
  ACCOUNT_DISABLED: { status: 403, message: "该账号已停用，请联系管理员" },
  WRONG_PASSWORD: { status: 400, message: "原密码不正确" },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: "首次登录或密码被重置后，请先修改密码" },
  FORBIDDEN: { status: 403, message: "您的角色无权执行此操作" },
  NOT_FOUND: { status: 404, message: "请求的地址不存在" },
  HOUSEHOLD_NOT_FOUND: { status: 404, message: "未找到该户，或该户不在您的管辖范围内" },
  MEMBER_NOT_FOUND: { status: 404, message: "未找到该家庭成员，或其不在您的管辖范围内" },
  AREA_NOT_FOUND: { status: 404, message: "未找到该行政区划，或其不在您的管辖范围内" },
  USER_NOT_FOUND: { status: 404, message: "未找到该用户，或其不在您的管辖范围内" },
  ID_NUMBER_TAKEN: { status: 409, message: "身份证号码已登记在其他家庭中，一人只能属于一个家庭" },
  HOUSEHOLD_NO_TAKEN: { status: 409, message: "户编号已被使用" },
  USERNAME_TAKEN: { status: 409, message: "用户名已被使用，请换一个" },
  LAST_ACTIVE_ADMIN: { status: 409, message: "系统中至少须保留一名启用的系统管理员：请先为他人设置系统管理员角色，再停用或更改此账号" },
  CASE_NOT_FOUND: { status: 404, message: "未找到该案件，或其不在您的管辖范围内" },
  CASE_ALREADY_OPEN: { status: 409, message: "该户已有正在办理的案件，请在原案件中继续办理" },
  ALREADY_DESIGNATED: { status: 409, message: "该户已认定，无需再次登记" },
  PROCEDURE_NOT_APPLICABLE: { status: 409, message: "该程序不适用于该户，请选择其他办理程序" },
  CASE_ACTION_NOT_ALLOWED: { status: 403, message: "此步骤不由您的角色办理" },
  CASE_WRONG_STAGE: { status: 409, message: "案件当前阶段不能执行此操作，请刷新后查看" },
  CASE_RULE_VIOLATION: { status: 422, message: "不符合办理条件" },
  QUEUE_NOT_FOUND: { status: 404, message: "没有这个待办队列" },
  PUBLICITY_NOTICE_NOT_FOUND: { status: 404, message: "未找到该公示，或其不在您的管辖范围内" },
  NOTIFICATION_NOT_FOUND: { status: 404, message: "未找到该提醒，或其不属于您" },
  REPORT_SNAPSHOT_NOT_FOUND: { status: 404, message: "未找到该报表文件，或其不在您的管辖范围内" },
  CATEGORY_CHANGE_NOT_ALLOWED: { status: 403, message: "户类别只能通过回退程序变更，或由系统管理员填写原因后更正" },
  VERSION_CONFLICT: { status: 409, message: "该记录已被他人修改，请刷新后在最新内容上重新操作" },
  PAYLOAD_TOO_LARGE: { status: 413, message: "提交的内容过大" },
  IMPORT_NOT_FOUND: { status: 404, message: "未找到该导入任务，或其不是您提交的" },
  IMPORT_FILE_MISSING: { status: 400, message: "请选择要导入的文件（表单字段 file）" },
  IMPORT_FILE_TYPE: { status: 415, message: "只能导入 .xlsx 或 .csv 文件（.xls 请先在表格软件中另存为 .xlsx）" },
  IMPORT_FILE_TOO_LARGE: { status: 413, message: "文件过大（上限 100 MB），请拆分后分批导入" },
  IMPORT_FILE_UNREADABLE: { status: 422, message: "无法读取该文件，请确认是用模板填写并另存为 .xlsx 或 .csv 的表格" },
  IMPORT_COLUMNS_MISSING: { status: 422, message: "表头缺少模板中的列，请下载最新模板，按模板表头填写" },
  IMPORT_LIMIT_EXCEEDED: { status: 422, message: "文件超过了导入的上限，请拆分后分批导入" },
  IMPORT_INTERRUPTED: { status: 422, message: "导入处理中断，已停止：处理该文件的进程两次意外退出。请检查文件内容，或拆分成较小的文件后重新提交" },
  IMPORT_NO_REJECTED_ROWS: { status: 404, message: `本次导入没有被退回的行，或退回的行已过 ${REJECTED_FILE_DAYS} 天保存期被删除` },
  CROSS_SITE_REQUEST: { status: 403, message: "拒绝来自其他网站的提交，请直接在本系统的页面中操作" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "请求格式不受支持，请以 JSON 提交" },
  RATE_LIMITED: { status: 429, message: "操作过于频繁，请稍后再试" },
  LEAD_NOT_FOUND: { status: 404, message: "未找到该线索，或其不在您的管辖范围内" },
  LEAD_CLOSED: { status: 409, message: "该线索已办结（已立案或已排除），不能再办理" },
  /** The public self-report page: too many reports from this address or for this phone today. */
  SELF_REPORT_LIMITED: { status: 429, message: "今天提交的申报次数已达上限，请明天再试，或拨打 12317 热线反映" },
  /** The public self-report page: reports beyond the first few need the page's check (the answer in `challenge`). */
  SELF_REPORT_CHALLENGE: { status: 429, message: "提交较多，请完成页面上的验证后再提交" },
  SELF_REPORT_NOT_FOUND: { status: 404, message: "未找到该申报，请核对申报编号和手机号码后 4 位" },
  MALFORMED_REQUEST: { status: 400, message: "请求格式不正确，无法识别（地址或编码有误）" },
  REQUEST_TOO_LONG: { status: 431, message: "请求地址或请求头过长" },
  REQUEST_TIMEOUT: { status: 408, message: "请求发送超时，请重试" },
  // Assistance (帮扶)
  ASSISTANCE_FILE_NOT_FOUND: { status: 404, message: "该户不在监测帮扶中（未认定或已风险消除），或不在您的管辖、帮扶范围内" },
  HELPER_NOT_FOUND: { status: 404, message: "未找到该帮扶责任人，或其不在您的管辖范围内" },
  HELPER_NOT_ASSIGNABLE: { status: 422, message: "该帮扶责任人不能安排到这户（已停用、不在该户所在区域，或职级不符合要求）" },
  HELPER_USER_INVALID: { status: 422, message: "关联的账号须是本辖区内“帮扶责任人”角色的账号，且未关联其他帮扶责任人" },
  ASSIGNMENT_REASON_REQUIRED: { status: 422, message: "更换帮扶责任人须填写调整原因" },
  MEASURE_NOT_FOUND: { status: 404, message: "未找到该帮扶措施" },
  MEASURE_NOT_IN_CATALOGUE: { status: 422, message: "帮扶措施不在本地的措施目录中，请从目录中选择" },
  MEASURE_STATE_NOT_ALLOWED: { status: 409, message: "帮扶措施不能从当前状态改为所选状态" },
  VISIT_ID_CONFLICT: { status: 409, message: "该走访记录编号已被另一条不同的记录使用，请重新填写后提交" },
  REVIEW_ALREADY_RECORDED: { status: 409, message: "该户本季度的帮扶成效分析已经录入" },
  REVIEW_QUARTER_NOT_ALLOWED: { status: 422, message: "只能录入当前季度或上一季度的帮扶成效分析，且须在该户纳入帮扶之后" },
  INTERNAL_ERROR: { status: 500, message: "系统内部错误，请稍后重试；如持续出现，请将请求编号告知管理员" },
  DATABASE_UNAVAILABLE: { status: 503, message: "数据库暂时不可用，请稍后重试" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ZErrorDetail = z.object({
  /** Dotted path of the field, e.g. "members.1.idNumber"; empty for the whole request. */
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ZErrorDetail>;

export const ZErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(ZErrorDetail),
  requestId: z.string(),
});
export type ErrorResponse = z.infer<typeof ZErrorResponse>;
