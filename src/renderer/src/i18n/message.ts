/** A translatable message: a key into the resources plus its values, translated when rendered. */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

export type FieldErrors<Field extends string> = Partial<Record<Field, Message>>;
