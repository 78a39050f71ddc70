/** Placeholder replaced by the ScenariosView view. */
export function ScenariosView(): React.JSX.Element {
  return <div />
}
