/** An on/off switch: a real checkbox underneath, so keyboards, labels and tests work as usual. */
export function Toggle({
  checked,
  onChange,
  label,
  testId,
  disabled
}: {
  checked: boolean
  onChange: (on: boolean) => void
  label: string
  testId?: string
  disabled?: boolean
}): React.JSX.Element {
  return (
    <label className="ui-toggle" title={label}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-label={label} data-testid={testId} />
      <span className="ui-toggle-track" aria-hidden="true" />
    </label>
  )
}
