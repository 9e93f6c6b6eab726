// Entry point of `npm start` / `npm run serve`: the whole system with the real clock.
import { exitOnStartupFailure, startServer } from "./server.ts";

startServer().catch(exitOnStartupFailure);
