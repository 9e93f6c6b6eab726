import { DatePicker, type DatePickerProps } from "antd";

/**
 * A date picker for action forms. A date can be typed (YYYY-MM-DD) and
 * confirmed with Enter; that Enter must not also submit the form around it.
 */
export function DateField(props: DatePickerProps) {
  return (
    <DatePicker
      style={{ width: 220 }}
      placeholder="选择或输入日期"
      {...props}
      onKeyDown={(event) => {
        if (event.key === "Enter") event.preventDefault();
      }}
    />
  );
}
