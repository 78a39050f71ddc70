/** Placeholder replaced by the WorldView view. */
export function WorldView(): React.JSX.Element {
  return <div />
}
