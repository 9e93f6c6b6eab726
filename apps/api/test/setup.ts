// Runs before every API test file: exceljs must get its UTF-8 fix before anything loads it (see src/lib/exceljs.ts).
import "../src/lib/exceljs.ts";
