import { z } from "zod";
import { zLine } from "./text.ts";
import { AREA_LEVELS } from "./areas.ts";
import { passwordProblems } from "./password-rules.ts";
import { ROLES } from "./roles.ts";
import "./zod-zh.ts";

export const ZLoginRequest = z.object({
  username: zLine().min(1, "请输入用户名").max(64),
  password: z.string().min(1, "请输入密码").max(200),
});
export type LoginRequest = z.infer<typeof ZLoginRequest>;

/**
 * A new password by the rules of password-rules.ts. The rule about the
 * username needs the account: the object schemas that know it (creating a
 * user) and the services (own change, reset) add it.
 */
export const ZNewPassword = z.string().superRefine((password, ctx) => {
  for (const message of passwordProblems(password)) ctx.addIssue({ code: "custom", message });
});

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
    /** Set when the change is required because the password is older than `passwordMaxAgeDays`. */
    passwordExpired: z.boolean(),
  }),
  area: ZAreaRef.extend({ path: z.array(ZAreaRef) }),
  /** Minutes of inactivity after which the session ends. */
  sessionIdleMinutes: z.number().int(),
  /** Days after which a password must be changed. */
  passwordMaxAgeDays: z.number().int(),
});
export type MeResponse = z.infer<typeof ZMeResponse>;

/** GET /api/auth/session: the signed-in user, or null with why (never a 401). */
export const ZSessionResponse = z.object({
  me: ZMeResponse.nullable(),
  ended: z.enum(["UNAUTHENTICATED", "SESSION_EXPIRED"]).nullable(),
});
export type SessionResponse = z.infer<typeof ZSessionResponse>;
