import { dateOutOfRange, missingDateMessage, type DateRange } from "@fanpin/domain/dates";
import { DatePicker, Form, type DatePickerProps, type FormItemProps } from "antd";
import type { FormRule as Rule } from "antd";
import type { Dayjs } from "dayjs";
import type { ReactNode } from "react";

/**
 * A date picker. A date can be typed (YYYY-MM-DD) and confirmed with Enter;
 * that Enter must not also submit the form around it.
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

/**
 * The rules of a date field: the range message of packages/domain/dates
 * ("入户日期不能晚于今天") as soon as a date is picked or typed, and, when
 * `required`, "请选择入户日期" for an empty one.
 */
export function dateRules(what: string, range: DateRange | undefined, required = false): Rule[] {
  return [
    {
      validator: async (_rule, value: Dayjs | null | undefined) => {
        if (!value) {
          if (required) throw new Error(missingDateMessage(what));
          return;
        }
        const problem = range ? dateOutOfRange(value.format("YYYY-MM-DD"), what, range) : null;
        if (problem) throw new Error(problem);
      },
    },
  ];
}

type DateItemProps = Omit<FormItemProps, "children" | "rules"> & {
  /** What the date is, as messages name it ("入户日期"). */
  what: string;
  /** The days allowed, each end with what it is ("不能早于报送公示的日期（…）"). */
  range?: DateRange;
  /**
   * Checked here (antd) rather than by a zod schema on submit: forms whose
   * schema asks for the date (action forms, 立案) leave this off.
   */
  requireHere?: boolean;
  picker?: DatePickerProps;
  children?: ReactNode;
};

/**
 * One date field of a form, with its label, its allowed range and the
 * message saying why a date is refused. An out-of-range date stays in the
 * field with its message (antd's disabledDate would clear a typed one
 * silently); the API checks the same range with the same words.
 */
export function DateItem({ what, range, requireHere, picker, required, ...item }: DateItemProps) {
  return (
    <Form.Item required={required ?? requireHere} validateTrigger={["onChange", "onBlur"]} {...item} rules={dateRules(what, range, requireHere)}>
      <DateField {...picker} />
    </Form.Item>
  );
}
