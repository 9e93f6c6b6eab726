/**
 * What a row's key is the blind index of: the same department, kind, person, date and amount is the same row
 * (uploaded twice, it raises one warning). Key rotation recomputes it from the member's ID number (db/rotate-keys.ts).
 */
export function departmentRowKeyInput(department: string, row: { kind: string; idNumber: string; occurredOn: string | null; amountFen: bigint | null }): string {
  return `${department}|${row.kind}|${row.idNumber}|${row.occurredOn ?? ""}|${row.amountFen ?? ""}`;
}
