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

export const ZCreateUserRequest = z.object({
  username: ZUsername,
  displayName: zLine().min(1, "请输入姓名").max(50),
  role: z.enum(ROLES),
  areaId: z.number().int().positive("请选择所属行政区划").max(2_147_483_647, "请选择所属行政区划"),
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

export const ZUpdateUserRequest = z.object({
  displayName: zLine().min(1, "请输入姓名").max(50).optional(),
  isActive: z.boolean().optional(),
  /** Lifts a lock-out after repeated failed sign-ins. */
  unlock: z.boolean().optional(),
});

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  area: ZAreaRef,
  isActive: z.boolean(),
  isLocked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof ZUser>;

export const ZUserListQuery = ZPageQuery.extend({
  q: zLine().max(64).optional(),
});
