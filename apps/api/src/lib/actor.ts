import type { AreaLevel } from "@fanpin/domain/areas";
import type { Role } from "@fanpin/domain/roles";

/** The signed-in user as services see it: identity, role and area scope. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  /** Set when the change is required because the password is older than PASSWORD_MAX_AGE_DAYS. */
  passwordExpired?: boolean;
  area: { id: number; code: string; name: string; level: AreaLevel };
  /** For the audit trail. */
  requestId: string;
  ip: string | null;
};
