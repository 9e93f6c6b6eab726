import { z } from "zod";

// zod compiles fast parsers with `new Function` when eval is allowed, and probes for it; under the
// Content-Security-Policy (no 'unsafe-eval', decision 016) that probe is reported as a violation.
// The forms' schemas are small: the interpreted parser is plenty. Imported first by main.tsx.
z.config({ jitless: true });
