import type { RunView } from '../../../../shared/api'
import { useEffect, useState } from 'react'
import { useApp } from '../../store/app-store'
import { Icon } from '../../components/Icon'
import { RunRow } from './RunRow'
import { DataTable, type Column } from '../../components/DataTable'
import { OpenFileButton } from '../../components/OpenFileButton'
import { JunitPick } from './JunitPick'

const KINDS = [
  { kind: 'all', label: 'All' },
  { kind: 'scenario', label: 'Scenarios' },
  { kind: 'live', label: 'Live' }
] as const

/** The headings of the runs table; each row is a RunRow (a row that opens). */
const RUN_COLUMNS: ReadonlyArray<Column<RunView>> = [
  { head: '' },
  { head: 'Status' },
  { head: 'Kind' },
  { head: 'Title' },
  { head: 'Config' },
  { head: 'Flaws', headClassName: 'num' },
  { head: 'Seed', headClassName: 'num' },
  { head: 'Turns', headClassName: 'num' },
  { head: 'Events', headClassName: 'num' },
  { head: 'When' },
  { head: '' }
]

/** Every run the SQLite store holds: reopen it, replay it, or export a repro bundle. */
export function RunsView(): React.JSX.Element {
  const runs = useApp((s) => s.runs)
  const loadRuns = useApp((s) => s.loadRuns)
  const liveRunId = useApp((s) => s.state?.live.runId)
  const kind = useApp((s) => s.runsUi.kind)
  const text = useApp((s) => s.runsUi.text)
  const setUi = useApp((s) => s.setRunsUi)
  const picked = useApp((s) => s.runsUi.picked)
  const compareRuns = useApp((s) => s.compareRuns)
  const setView = useApp((s) => s.setView)
  const compare = (): void => {
    const [a, b] = picked
    if (!a || !b) return
    setView('compare')
    void compareRuns(a, b)
  }
  const [loading, setLoading] = useState(false)
  const refresh = async (): Promise<void> => {
    setLoading(true)
    await loadRuns()
    setLoading(false)
  }
  // Load on open: runs finished elsewhere (CLI, other windows) show up without a click; Refresh reloads.
  useEffect(() => {
    void loadRuns()
  }, [loadRuns])
  const needle = text.trim().toLowerCase()
  const shown = runs.filter((r) => (kind === 'all' || r.kind === kind) && (!needle || `${r.title} ${r.scenario ?? ''} ${r.scenarioName ?? ''} ${r.platform} ${r.profile} ${r.status} ${r.id}`.toLowerCase().includes(needle)))
  const counts = { failed: runs.filter((r) => r.status === 'failed').length, incomplete: runs.filter((r) => r.status === 'incomplete').length }
  return (
    <div className="ui-view" data-testid="view-runs">
      <header className="ui-head">
        <h1>Runs</h1>
        <span className="muted">
          {runs.length} stored{counts.failed > 0 ? ` · ${counts.failed} failed` : ''}
          {counts.incomplete > 0 ? ` · ${counts.incomplete} incomplete` : ''}
        </span>
      </header>
      <div className="toolbar rn-toolbar">
        <div className="ui-seg" role="group" aria-label="Kind">
          {KINDS.map((k) => (
            <button key={k.kind} type="button" className={kind === k.kind ? 'active' : ''} aria-pressed={kind === k.kind} onClick={() => setUi({ kind: k.kind })} data-testid={`runs-kind-${k.kind}`}>
              {k.label}
            </button>
          ))}
        </div>
        <input type="search" placeholder="Filter: title, scenario, config, status…" value={text} onChange={(e) => setUi({ text: e.target.value })} className="rn-filter" data-testid="runs-filter" />
        <span className="ui-head-spacer" />
        <button type="button" className="btn" onClick={compare} disabled={picked.length !== 2} title={picked.length === 2 ? 'Where the two ticked runs first differ in whose credential was used' : 'Tick two runs to compare them'} data-testid="runs-compare">
          Compare{picked.length > 0 ? ` (${picked.length}/2)` : ''}
        </button>
        <OpenFileButton testId="runs-open-file" />
        <button type="button" className="btn" onClick={() => void refresh()} disabled={loading} data-testid="runs-refresh">
          <Icon name="refresh" size={13} /> {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      <JunitPick />
      <div className="rn-body">
        {shown.length === 0 ? (
          <div className="ui-empty">
            <h2>{runs.length === 0 ? (loading ? 'Loading runs…' : 'No runs stored yet') : 'No run matches'}</h2>
            {runs.length === 0 && !loading && <p>Every live session and every scenario run is stored here as it happens.</p>}
          </div>
        ) : (
          <DataTable
            columns={RUN_COLUMNS}
            rows={shown}
            rowKey={(run) => run.id}
            renderRow={(run) => <RunRow run={run} isLive={run.id === liveRunId} />}
            className="ui-table rn-table"
            testId="runs-table"
            wrap
          />
        )}
      </div>
    </div>
  )
}
