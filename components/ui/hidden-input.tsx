/** A value the form posts back unchanged (the case, the record, its version). */
export function HiddenInput({ name, value }: { name: string; value: string | number }) {
  return <input type="hidden" name={name} value={value} />;
}
