import { useApp } from '../../store/app-store'

/** What the view does, before a scenario is picked: the two modes and the same run from CI. */
export function ScenariosIntro(): React.JSX.Element {
  const scenarios = useApp((s) => s.scenarios)
  const demos = scenarios.filter((s) => s.file.startsWith('flaws/')).length
  return (
    <div className="sc-intro" data-testid="scenarios-intro">
      <p className="sc-intro-lead">
        Pick a scenario on the left, or open a YAML file from disk.{' '}
        {scenarios.length > 0 && (
          <span className="muted">
            The library holds {scenarios.length}: {scenarios.length - demos} general and {demos} flaw demonstrations, each of which fails with its flaw on and passes under hardened.
          </span>
        )}
      </p>
      <dl className="sc-intro-modes">
        <dt>Run</dt>
        <dd>runs it under one configuration over real loopback HTTP; every step passes or fails with its evidence, and each turn opens in the Session view.</dd>
        <dt>Diff two configs</dt>
        <dd>runs it twice with the same seed, under A and under B, and marks the first event where the traces part and whose credential differs.</dd>
        <dt>In CI</dt>
        <dd>
          the same runs, headless: <code>npx credscope run resources/scenarios --profile hardened --reporter junit --out results.xml</code>
        </dd>
      </dl>
    </div>
  )
}
