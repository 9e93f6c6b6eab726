import { z } from "zod";
import { ROLES } from "./roles.ts";
import { ZPageQuery } from "./pagination.ts";

/** Actions written to the audit trail, with the label the history shows. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "household.create": "登记家庭",
  "household.update": "修改家庭信息",
  "household.category_corrected": "更正户类别",
  "member.revealIdNumber": "查看完整证件号码",
  "user.create": "创建用户",
  "user.update": "修改用户",
  "user.resetPassword": "重置密码",
  "user.changePassword": "修改本人密码",
  "auth.login": "登录",
  "auth.loginFailed": "登录失败",
  "auth.locked": "账号锁定",
  "auth.logout": "退出登录",
  "demo.load": "载入演示数据",
  "calendar.setOverride": "设置工作日调整",
  "calendar.removeOverride": "删除工作日调整",
  "calendar.declareYear": "确认年度节假日已录入",
  "calendar.withdrawYear": "撤销年度节假日确认",
  "case.open": "登记线索、立案",
  "case.RECORD_VERIFICATION": "登记入户核实",
  "case.RECORD_APPRAISAL": "登记民主评议",
  "case.SUBMIT": "报送区县审核",
  "case.APPROVE": "审核通过",
  "case.RETURN": "退回乡镇更正",
  "case.REJECT": "不予纳入",
  "case.POST_PUBLICITY": "张贴公示",
  "case.RAISE_OBJECTION": "登记公示异议",
  "case.END_PUBLICITY": "公示期满",
  "case.DECIDE_OBJECTION": "裁定异议",
  "case.CONFIRM_OUTCOME": "确认公示无异议",
  "case.WITHDRAW": "撤回案件",
  "case.ASSIST_FIRST": "先帮扶、后认定",
  "case.RECORD_CONSENT": "登记农户授权承诺",
  "case.RECORD_ASSESSMENT": "登记入户核实评估",
  "household.designate": "认定结果写入家庭",
  "household.designation_end": "标注风险消除",
  "household.rollback": "回退户类别",
  "household.import": "批量导入家庭",
  "household.importRejectedDownload": "下载导入退回的行",
  "household.export": "导出家庭列表",
  "report.download": "下载报表",
};

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  /** The actor's display name (e.g. "张村镇 李专干"); "system" for the system itself. */
  actorName: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRole: z.enum(ROLES).nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditQuery = ZPageQuery.extend({});

/** What can be wrong with the audit trail's hash chain (decision 014), in chain order. */
export const AUDIT_CHAIN_PROBLEMS = ["CONTENT_ALTERED", "LINK_BROKEN", "ENTRY_MISSING", "ENTRY_INSERTED", "ENTRY_UNCHAINED"] as const;
export type AuditChainProblemKind = (typeof AUDIT_CHAIN_PROBLEMS)[number];

export const ZAuditChainReport = z.object({
  ok: z.boolean(),
  /** Entries whose hashes were recomputed and found right, from position 1. */
  verified: z.number().int(),
  /** The chain's head when the check started: its last position and hash (hex); recorded elsewhere, it pins the trail up to there. */
  headPosition: z.number().int(),
  headHash: z.string(),
  /** The first broken link, or null. */
  problem: z
    .object({
      kind: z.enum(AUDIT_CHAIN_PROBLEMS),
      /** Where in the chain (null for an entry outside it). */
      position: z.number().int().nullable(),
      /** The entry concerned, when there is one. */
      entryId: z.string().nullable(),
      /** What is wrong, in Chinese. */
      message: z.string(),
    })
    .nullable(),
  checkedAt: z.string(),
  durationMs: z.number().int(),
});
export type AuditChainReport = z.infer<typeof ZAuditChainReport>;
