import { z } from "zod";
import { ROLES } from "./roles.ts";
import { ZPageQuery } from "./pagination.ts";

/** Actions written to the audit trail, with the label the history shows. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "household.create": "登记家庭",
  "household.update": "修改家庭信息",
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
};

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
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
