import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["administrator shutdown (57P01)", pgError("57P01", "terminating connection due to administrator command")],
    ["starting up (57P03)", pgError("57P03", "the database system is starting up")],
    ["connection failure (08006)", pgError("08006", "connection failure")],
    ["too many connections (53300)", pgError("53300", "sorry, too many clients already")],
    ["refused socket", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["both addresses refused", new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })], "")],
    ["pg-pool: terminated", new Error("Connection terminated unexpectedly")],
    ["pg-pool: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["Prisma P1001", new Prisma.PrismaClientKnownRequestError("Can't reach database server", { code: "P1001", clientVersion: "7" })],
    ["Prisma P1017", new Prisma.PrismaClientKnownRequestError("Server has closed the connection.", { code: "P1017", clientVersion: "7" })],
    ["a driver adapter error wrapping a pg error", Object.assign(new Error("DriverAdapterError"), { cause: { kind: "postgres", code: "57P01", originalCode: "57P01" } })],
    ["a driver adapter kind", Object.assign(new Error("x"), { cause: { kind: "DatabaseNotReachable" } })],
  ])("recognises %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", pgError("23505", "duplicate key value violates unique constraint")],
    ["a permission error", pgError("42501", "permission denied for table audit_entry")],
    ["Prisma P2002", new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "7" })],
    ["a plain bug", new TypeError("cannot read properties of undefined")],
    ["nothing", undefined],
  ])("does not take %s for an outage", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
