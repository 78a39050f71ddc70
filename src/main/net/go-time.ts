/**
 * A time as Go's encoding/json writes a time.Time (RFC3339Nano: trailing zeros of the fraction
 * dropped), so whole seconds carry none: `2026-03-24T13:00:00Z`, as the backend's answers show.
 */
export function goTime(iso: string): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  const [whole = '', fraction = ''] = new Date(at).toISOString().slice(0, -1).split('.')
  const digits = fraction.replace(/0+$/, '')
  return `${whole}${digits ? `.${digits}` : ''}Z`
}
