import type { FormInstance } from 'antd';

/** The form's values, or undefined when a field is invalid (antd already shows the messages at the fields). */
export async function validated<T>(form: FormInstance<T>): Promise<T | undefined> {
  try {
    return await form.validateFields();
  } catch {
    return undefined;
  }
}
