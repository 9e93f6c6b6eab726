// `npm run dev`: the API with reload on change (tsx watch) and the Vite dev
// server with hot module replacement, which proxies /api to the API.
import { spawn } from "node:child_process";

const children = [
  spawn("tsx", ["watch", "--clear-screen=false", "apps/api/src/main.ts"], { stdio: "inherit", env: { ...process.env, WEB_DIST_DIR: "" } }),
  spawn("npm", ["run", "dev", "-w", "@fanpin/web"], { stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children) c.on("exit", (code) => { if (code) { stop(); process.exitCode = code; } });
