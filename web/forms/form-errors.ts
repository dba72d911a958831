/** The GOV.UK and NHS error pattern: a summary at the top linking to each field, and the message beside it. */
export interface FormErrors {
  /** For the error summary: each message with a link to its field. */
  list: Array<{ text: string; href: string }>;
  /** The message to show beside each field, by field name. */
  byField: Record<string, string>;
}

export const noErrors = (): FormErrors => ({ list: [], byField: {} });

/** Adds a message for a field (its first message wins) or, with no field, for the form as a whole. */
export function addError(errors: FormErrors, field: string | null, text: string, anchor?: string): FormErrors {
  if (field !== null && errors.byField[field] !== undefined) return errors;
  if (field !== null) errors.byField[field] = text;
  errors.list.push({ text, href: `#${anchor ?? field ?? 'maincontent'}` });
  return errors;
}

export const hasErrors = (errors: FormErrors): boolean => errors.list.length > 0;
