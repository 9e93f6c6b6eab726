import type { PrismaClient, Tx } from "./prisma.ts";

/**
 * Runs `fn` in one transaction. Services decide what belongs together and
 * open it here; the repository functions they call inside take the `tx`.
 */
export function withTransaction<T>(db: PrismaClient, fn: (tx: Tx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T> {
  return db.$transaction(fn, options);
}

/** A unique index refused a write (PostgreSQL 23505), whether it came through Prisma's model API or a raw statement. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } }; message?: string };
  return e?.code === "P2002" || e?.meta?.code === "23505" || e?.meta?.driverAdapterError?.cause?.originalCode === "23505" ||
    e?.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation" || /23505|unique constraint/i.test(e?.message ?? "");
}
