import { useState } from 'react'
import { appStore, useApp } from '../../store/app-store'

/** The scenarios of an opened JUnit report, failures first: one click opens one as a diagram. */
export function JunitPick(): React.JSX.Element | null {
  const pick = useApp((s) => s.junitPick)
  const openFile = useApp((s) => s.openFile)
  const [busy, setBusy] = useState<string | null>(null)
  if (!pick) return null
  const failed = pick.suites.filter((s) => !s.passed).length
  const open = async (suite: string): Promise<void> => {
    setBusy(suite)
    await openFile(pick.name, pick.content, suite)
    setBusy(null)
  }
  return (
    <section className="rn-junit" data-testid="junit-pick">
      <header>
        <strong>{pick.name}</strong>
        <span className="muted">
          {' '}
          · {pick.suites.length} scenarios, {failed} failed. Open one to see its diagram: from this history when it ran here, else run again here with the report's version, profile, flaws and seed.
        </span>
        <button type="button" className="linklike" onClick={() => appStore.setState({ junitPick: null })} aria-label="Close the report">
          ×
        </button>
      </header>
      <ul>
        {pick.suites.map((suite) => (
          <li key={suite.name} className={suite.passed ? 'passed' : 'failed'}>
            <button type="button" className="btn btn-small" disabled={!suite.openable || busy !== null} onClick={() => void open(suite.name)} title={suite.openable ? 'Open as a diagram' : 'The report does not carry this scenario (an older credscope)'} data-testid={`junit-open-${suite.name}`}>
              {busy === suite.name ? 'Opening…' : 'Open'}
            </button>
            <span className={suite.passed ? 'rn-junit-ok' : 'rn-junit-bad'}>{suite.passed ? '✓' : '✗'}</span>
            <span className="mono">{suite.name}</span>
            <span className="muted small">
              {suite.platform} · {suite.profile} · seed {suite.seed}
            </span>
            {suite.failures[0] && <div className="small rn-junit-failure">{suite.failures[0]}</div>}
          </li>
        ))}
      </ul>
    </section>
  )
}
