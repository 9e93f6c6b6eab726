// `prisma generate` works offline when the CLI does not try to fetch the
// native schema engine: point it at any executable.
import { execFileSync } from "node:child_process";

execFileSync("prisma", ["generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
