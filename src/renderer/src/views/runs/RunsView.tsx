/** Placeholder replaced by the RunsView view. */
export function RunsView(): React.JSX.Element {
  return <div />
}
