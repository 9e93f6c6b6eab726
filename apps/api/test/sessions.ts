import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { AppConfig } from "../src/config.ts";
import { signIn, type TestClock } from "./test-app.ts";

/**
 * The demo users' sessions for a test file whose test clock moves by days.
 *
 * A session ends after `sessionIdleMinutes` without requests or
 * `sessionMaxHours` after sign-in. When the test clock has moved past either
 * since the session was last used, the next request signs in again first —
 * decided from the clock, before the request, never in reaction to a 401. A
 * 401 on a session that should still be alive is a bug (a lost or revoked
 * session) and fails the test with the request that met it.
 */
export class TestSessions {
  private readonly held = new Map<string, { cookie: string; signedInAt: number; lastUsedAt: number }>();

  constructor(private readonly t: { app: FastifyInstance; clock: TestClock; config: AppConfig }) {}

  /** Signs these users in now (e.g. in beforeAll). */
  async signIn(...users: string[]): Promise<void> {
    for (const user of users) {
      const now = this.t.clock.now().getTime();
      this.held.set(user, { cookie: await signIn(this.t.app, user), signedInAt: now, lastUsedAt: now });
    }
  }

  /** The user's Cookie header value; signs in again only if the test clock has outlived the session. */
  async cookie(user: string): Promise<string> {
    const now = this.t.clock.now().getTime();
    const s = this.held.get(user);
    // The server records use at most once a minute: a margin of two minutes stays on the safe side.
    const idleLimit = (this.t.config.sessionIdleMinutes - 2) * 60_000;
    const maxLimit = this.t.config.sessionMaxHours * 3_600_000 - 2 * 60_000;
    if (!s || now - s.lastUsedAt >= idleLimit || now - s.signedInAt >= maxLimit) await this.signIn(user);
    return this.held.get(user)!.cookie;
  }

  /** Sends the request as `user`; a 401 throws instead of signing in again. */
  async inject(user: string, options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = await this.cookie(user);
    const res = await this.t.app.inject({ ...options, headers: { ...(options.headers ?? {}), cookie } });
    if (res.statusCode === 401) {
      throw new Error(
        `${options.method ?? "GET"} ${String(options.url)} as ${user}: 401 ${res.body} — the session ended although the test clock had not outlived it; ` +
          "tests sign in again only when the clock passes the idle or hard limit, never silently on a 401",
      );
    }
    this.held.get(user)!.lastUsedAt = this.t.clock.now().getTime();
    return res;
  }
}
