import { useEffect } from 'react'
import type { RunView } from '../../../../shared/api'
import type { EventRef } from '../../../../shared/divergence'
import { describeConfig, configOf } from '../../components/flaw-config'
import { formatAgo } from '../../components/format'
import { useApp } from '../../store/app-store'
import { Differences } from './Differences'
import { SideBySide } from './SideBySide'

function runLabel(run: RunView): string {
  return `${run.title} · ${describeConfig(configOf(run.platform, run.profile, run.flaws))} · ${formatAgo(run.createdAt)}`
}

const at = (ref: EventRef | null): string => (ref ? `event ${ref.index}${ref.turnNumber !== null ? `, turn ${ref.turnNumber}` : ''}` : 'nowhere')

/** Any two stored runs (live, scenario, CLI, opened bundle or JUnit): whose credential differs first, side by side. */
export function CompareView(): React.JSX.Element {
  const runs = useApp((s) => s.runs)
  const loadRuns = useApp((s) => s.loadRuns)
  const compare = useApp((s) => s.compare)
  const setCompare = useApp((s) => s.setCompare)
  const compareRuns = useApp((s) => s.compareRuns)
  const focusDifference = useApp((s) => s.focusDifference)
  useEffect(() => {
    void loadRuns()
  }, [loadRuns])
  const { a, b, diff, busy } = compare
  const d = diff?.divergence ?? null
  const pick = (side: 'a' | 'b', value: string): void => setCompare({ [side]: value || null, diff: null, focus: null })
  return (
    <div className="ui-view cmp" data-testid="view-compare">
      <header className="ui-head">
        <h1>Compare</h1>
        <span className="muted">two stored runs of any kind: where they first differ in whose credential was used or left behind</span>
      </header>
      <div className="toolbar cmp-toolbar">
        {(['a', 'b'] as const).map((side) => (
          <label key={side} className="cmp-pick">
            <span className="cmp-side">{side.toUpperCase()}</span>
            <select value={compare[side] ?? ''} onChange={(e) => pick(side, e.target.value)} data-testid={`compare-${side}`}>
              <option value="">Pick a run…</option>
              {runs.map((run) => (
                <option key={run.id} value={run.id}>
                  {runLabel(run)}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="button" className="btn primary" disabled={!a || !b || busy} onClick={() => a && b && void compareRuns(a, b)} data-testid="compare-go">
          {busy ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      <div className="cmp-body">
        {!diff && !busy && <div className="ui-empty"><h2>Pick two runs</h2><p>Or tick two runs in Runs and press Compare. Live runs, scenario runs, runs of <code>credscope run</code> and opened bundles compare alike.</p></div>}
        {d && diff && (
          <>
            {d.index === null ? (
              <div className="ui-callout info" data-testid="compare-identical">
                <strong>No difference.</strong> Both runs have the same {d.compared} events, in the same order.
              </div>
            ) : d.credential ? (
              <button type="button" className="cmp-credential" onClick={() => void focusDifference(d.credential?.atA ?? null, d.credential?.atB ?? null)} data-testid="compare-credential">
                <span className="cmp-kicker">Whose credential differs first</span>
                <span className="cmp-what">{d.credential.what}</span>
                <span className="cmp-owners">
                  A: <strong data-testid="compare-owner-a">{d.credential.a}</strong> ({at(d.credential.atA)}) · B: <strong data-testid="compare-owner-b">{d.credential.b}</strong> ({at(d.credential.atB)})
                </span>
              </button>
            ) : (
              <div className="ui-callout info" data-testid="compare-no-credential">
                <strong>Same credentials.</strong> No credential was used or left behind differently; the runs differ elsewhere (see all differences).
              </div>
            )}
            {d.index !== null && <Differences divergence={d} />}
            {compare.focus && <SideBySide a={diff.a} b={diff.b} focus={compare.focus} />}
          </>
        )}
      </div>
    </div>
  )
}
