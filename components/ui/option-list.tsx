export type Option = { value: string; label: string };

/**
 * The <option>s of a select. No hooks, so server pages and client forms render the same markup
 * from one place.
 */
export function OptionList({ options }: { options: readonly Option[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}
