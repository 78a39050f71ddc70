/** Placeholder replaced by the Session view. */
export function SessionView(): React.JSX.Element {
  return <div />
}
