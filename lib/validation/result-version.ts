/** `?version=N` of the public result: a positive integer, anything else means the latest. */
export function parseResultVersion(value: string | string[] | null | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^[1-9]\d{0,5}$/.test(raw)) return undefined;
  return Number(raw);
}
