// Runs before every API test file: exceljs must get its UTF-8 fix before anything loads it (see src/lib/exceljs.ts).
import "../src/lib/exceljs.ts";
// Every API test file encrypts personal data with the fixed test keys (apps/api/test/data-keys.ts).
import { useDataKeys } from "../src/lib/data-crypto.ts";
import { testKeyring } from "./data-keys.ts";
useDataKeys(testKeyring());
