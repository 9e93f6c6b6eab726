import type { APIRequestContext } from "@playwright/test";

/**
 * Lets `days` pass for the server (see support/test-server.ts), runs its
 * time-driven jobs, runs `fn`, and turns the clock back so later journeys
 * start from today again. Sessions end when a day passes: sign in inside `fn`.
 */
export async function afterDays<T>(request: APIRequestContext, days: number, fn: () => Promise<T>): Promise<T> {
  await request.post("/__e2e/clock", { data: { days } });
  try {
    await request.post("/__e2e/run-jobs");
    return await fn();
  } finally {
    await request.post("/__e2e/clock", { data: { days: -days } });
  }
}
