import { z } from "zod";
import { zLine } from "./text.ts";
import { AREA_LEVELS } from "./areas.ts";
import { ROLES } from "./roles.ts";
import "./zod-zh.ts";

export const ZLoginRequest = z.object({
  username: zLine().min(1, "请输入用户名").max(64),
  password: z.string().min(1, "请输入密码").max(200),
});
export type LoginRequest = z.infer<typeof ZLoginRequest>;

/**
 * Password rule: at least 8 characters with letters and digits; common
 * leaked passwords are not worth a list here because sign-in is rate-limited
 * by lock-out.
 */
export const ZNewPassword = z
  .string()
  .min(8, "密码至少 8 位")
  .max(128, "密码最多 128 位")
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), "密码须同时包含字母和数字");

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, "请输入原密码"),
  newPassword: ZNewPassword,
});

export const ZAreaRef = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: z.enum(AREA_LEVELS),
});
export type AreaRef = z.infer<typeof ZAreaRef>;

export const ZMeResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    mustChangePassword: z.boolean(),
  }),
  area: ZAreaRef.extend({ path: z.array(ZAreaRef) }),
  /** Minutes of inactivity after which the session ends. */
  sessionIdleMinutes: z.number().int(),
});
export type MeResponse = z.infer<typeof ZMeResponse>;
