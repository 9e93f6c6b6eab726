/**
 * 户编号 as the national monitoring system numbers households: 18 digits, the
 * village's 12-digit 统计用区划代码 followed by a 6-digit household serial
 * (the form this system assigns itself, see households.service newHouseholdNo).
 * One rule for the form, the API and the import.
 */
export const HOUSEHOLD_NO_PATTERN = /^\d{18}$/;
export const HOUSEHOLD_NO_MESSAGE = "户编号应为 18 位数字：村（社区）12 位统计用区划代码 + 6 位户序号，如 371002100201000123";

export function isHouseholdNo(value: string): boolean {
  return HOUSEHOLD_NO_PATTERN.test(value);
}
