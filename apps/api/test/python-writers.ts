// Python's spreadsheet writers (openpyxl, xlsxwriter; Debian's python3-openpyxl and python3-xlsxwriter, see
// scripts/ensure-system-tools.sh) as real writers of the files offices and their scripts send. The script gets
// `data` (the JSON given here) and `out` (the path to write).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's interpreter: its packages are the ones installed for the tests (a pyenv or venv python3 has none). */
const PYTHON = "/usr/bin/python3";

export async function pythonXlsx(script: string, data: unknown): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "fanpin-py-"));
  try {
    const out = join(dir, "out.xlsx");
    const program = `import json, sys\ndata = json.load(sys.stdin)\nout = sys.argv[1]\n${script}`;
    await new Promise<void>((resolve, reject) => {
      const child = execFile(PYTHON, ["-c", program, out], { timeout: 60_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()));
      child.stdin!.end(JSON.stringify(data));
    });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
