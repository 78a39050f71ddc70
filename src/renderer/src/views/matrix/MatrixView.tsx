/** Placeholder replaced by the MatrixView view. */
export function MatrixView(): React.JSX.Element {
  return <div />
}
