import type { FormInstance } from "antd";
import { useCallback, useState } from "react";
import { clearChangedFieldErrors, showFormIssues } from "./form-errors.ts";
import { runSubmit, type FormIssue, type SubmitSteps } from "./form-submit.ts";
import { useNotifyError } from "./use-notify-error.ts";

export type FormSubmitOptions<T, R> = SubmitSteps<T, R> & {
  onDone: (result: R, data: T) => void;
  /** Title of the notification when the request fails for a reason not the user's (network, server). */
  failureTitle: string | ((data: T | undefined) => string);
  /** Regroups issues before they are shown (e.g. one message for a list of unanswered rows). */
  arrangeIssues?: (issues: FormIssue[]) => FormIssue[];
};

/**
 * One form's submit: checks the values with the shared schema, sends them,
 * and shows what was refused — on the fields named (scrolling to the first),
 * the rest as `general` messages above the buttons. Spread `onValuesChange`
 * on the Form so an edited field loses its old message.
 */
export function useFormSubmit<T, R>(form: FormInstance<any>, options: FormSubmitOptions<T, R>) {
  const notifyError = useNotifyError();
  const [general, setGeneral] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  const showIssues = useCallback(
    (issues: FormIssue[]) => {
      const arranged = options.arrangeIssues ? options.arrangeIssues(issues) : issues;
      setGeneral(showFormIssues(form, arranged));
      const first = form.getFieldsError().find((f) => f.errors.length)?.name;
      if (first) form.scrollToField(first, { block: "center", focus: true });
    },
    [form, options],
  );

  async function submit() {
    setGeneral([]);
    setPending(true);
    let data: T | undefined;
    const outcome = await runSubmit<T, R>({
      ...options,
      send: (d) => {
        data = d;
        return options.send(d);
      },
    }).finally(() => setPending(false));
    switch (outcome.kind) {
      case "done":
        return options.onDone(outcome.result, data as T);
      case "invalid":
      case "fields":
        return showIssues(outcome.issues);
      case "general":
        return setGeneral([outcome.message]);
      case "failed":
        return notifyError(outcome.error, typeof options.failureTitle === "function" ? options.failureTitle(data) : options.failureTitle);
      case "handled":
        return;
    }
  }

  return {
    /** Runs the sequence; give it to the Form's onFinish (or a modal's OK). */
    submit,
    pending,
    /** Messages that name no field, to show above the buttons. */
    general,
    setGeneral,
    showIssues,
    onValuesChange: (changed: unknown) => clearChangedFieldErrors(form, changed),
  };
}
