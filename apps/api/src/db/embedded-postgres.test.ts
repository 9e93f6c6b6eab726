import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort, startEmbeddedPostgres } from "./embedded-postgres.ts";

const parent = await mkdtemp(join(tmpdir(), "fanpin-restart-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

async function query(connectionString: string, sql: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps its data across a restart, and refuses a second server on the same data", async () => {
    const dataDir = join(parent, "pg");
    const port = await findFreePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    await query(first.connectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('环翠区')");
    await expect(startEmbeddedPostgres({ dataDir, port: await findFreePort() })).rejects.toThrow(/in use by a running PostgreSQL/);
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(await query(second.connectionString, "SELECT v FROM kept")).toEqual([{ v: "环翠区" }]);
    expect(await query(second.connectionString, "SHOW server_encoding")).toEqual([{ server_encoding: "UTF8" }]);
    await second.stop();
  }, 60_000);
});
