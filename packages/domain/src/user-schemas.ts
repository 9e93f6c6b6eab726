import { z } from "zod";
import { zLine, zMultiline } from "./text.ts";
import { ZNewPassword, ZAreaRef } from "./auth-schemas.ts";
import { ZPageQuery } from "./pagination.ts";
import { PASSWORD_RULE_MESSAGES, passwordProblems } from "./password-rules.ts";
import { ROLES } from "./roles.ts";
import "./zod-zh.ts";

export const ZUsername = z
  .string()
  .trim()
  .min(3, "用户名至少 3 个字符")
  .max(32, "用户名最多 32 个字符")
  .regex(/^[A-Za-z0-9_.-]+$/, "用户名只能包含英文字母、数字、下划线、点和连字符");

/** A mobile number or an office line with its area code; stored encrypted, shown masked. */
export const ZUserPhone = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, "电话应为 11 位手机号码或带区号的办公电话，如 0631-5201234");

export const ZCreateUserRequest = z.object({
  username: ZUsername,
  displayName: zLine().min(1, "请输入姓名").max(50),
  role: z.enum(ROLES),
  areaId: z.number().int().positive("请选择所属行政区划").max(2_147_483_647, "请选择所属行政区划"),
  phone: ZUserPhone.nullable().optional(),
  password: ZNewPassword,
}).superRefine((input, ctx) => {
  if (passwordProblems(input.password, input.username).includes(PASSWORD_RULE_MESSAGES.containsUsername)) {
    ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_RULE_MESSAGES.containsUsername });
  }
});
export type CreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZResetPasswordRequest = z.object({
  newPassword: ZNewPassword,
  reason: zMultiline().max(500).optional(),
});

/**
 * What an administrator may change of an account. A changed role or area ends
 * the user's sessions at once and needs a reason (kept in the audit trail).
 */
export const ZUpdateUserRequest = z.object({
  displayName: zLine().min(1, "请输入姓名").max(50).optional(),
  /** null clears the number. */
  phone: ZUserPhone.nullable().optional(),
  role: z.enum(ROLES, { error: "请选择角色" }).optional(),
  areaId: z.number({ error: "请选择所属行政区划" }).int().positive("请选择所属行政区划").max(2_147_483_647, "请选择所属行政区划").optional(),
  isActive: z.boolean().optional(),
  /** Lifts a lock-out after repeated failed sign-ins. */
  unlock: z.boolean().optional(),
  reason: zMultiline().max(500, "原因最多 500 个字").optional(),
}).refine(
  (input) => Object.entries(input).some(([key, value]) => key !== "reason" && value !== undefined),
  { message: "没有要修改的内容", path: [] },
);
export type UpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Masked (138****5678); the full number is never sent. */
  phoneMasked: z.string().nullable(),
  role: z.enum(ROLES),
  area: ZAreaRef,
  isActive: z.boolean(),
  isLocked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof ZUser>;

export const USER_STATES = ["active", "inactive"] as const;

/** Search by name, username or phone; filter by role, area (its whole subtree) and state. */
export const ZUserListQuery = ZPageQuery.extend({
  q: zLine().max(64, "搜索内容最多 64 个字").optional(),
  role: z.enum(ROLES, { error: "角色不正确" }).optional(),
  areaId: z.coerce.number({ error: "行政区划不正确" }).int("行政区划不正确").positive("行政区划不正确").max(2_147_483_647, "行政区划不正确").optional(),
  state: z.enum(USER_STATES, { error: "状态应为 active 或 inactive" }).optional(),
});
export type UserListQuery = z.input<typeof ZUserListQuery>;
