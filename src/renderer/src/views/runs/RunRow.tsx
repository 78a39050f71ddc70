import { useState } from 'react'
import type { RunView } from '../../../../shared/api'
import { appStore, useApp } from '../../store/app-store'
import { Icon } from '../../components/Icon'
import { StatusBadge } from '../../components/StatusBadge'
import { shortFlawId } from '../../components/flaw-catalog'
import { configOf } from '../../components/flaw-config'
import { formatAgo, formatSpan, formatStamp } from '../../components/format'
import { downloadText } from '../../components/download'
import { ReportButton } from '../../components/ReportButton'
import { ConfigName } from '../../components/ConfigName'
import { RunTitle } from './RunTitle'

const STATUS_HINT: Record<string, string> = {
  incomplete: 'The process ended while this run was going (killed or crashed); it was marked incomplete when the store was next opened.',
  running: 'Still running: the live engine of this window.',
  finished: 'A live run that ended with a restart or shutdown.'
}

/** One stored run with Open, Replay and Export; a click on the row shows its flaws and ids. */
export function RunRow({ run, isLive }: { run: RunView; isLive: boolean }): React.JSX.Element {
  const viewRun = useApp((s) => s.viewRun)
  const setView = useApp((s) => s.setView)
  const replayRun = useApp((s) => s.replayRun)
  const exportBundle = useApp((s) => s.exportBundle)
  const expanded = useApp((s) => s.runsUi.expanded === run.id)
  const exported = useApp((s) => (s.runsUi.exported?.runId === run.id ? s.runsUi.exported.filename : null))
  const setUi = useApp((s) => s.setRunsUi)
  const picked = useApp((s) => s.runsUi.picked)
  const isPicked = picked.includes(run.id)
  // A third tick replaces the older of the two: Compare always takes the last two picked.
  const togglePick = (): void => setUi({ picked: isPicked ? picked.filter((id) => id !== run.id) : [...picked, run.id].slice(-2) })
  const setScenarioForm = useApp((s) => s.setScenarioForm)
  const [busy, setBusy] = useState<'replay' | 'export' | null>(null)
  const status = isLive ? 'live' : run.status
  const empty = run.turnCount === 0
  const open = async (): Promise<void> => {
    await viewRun(run.id, isLive)
    setView('session')
  }
  const replay = async (): Promise<void> => {
    setBusy('replay')
    // The replay's result shows in the Scenarios view's Run mode.
    setScenarioForm({ mode: 'run', choice: null, runError: null, config: configOf(run.platform, run.profile, run.flaws), seed: String(run.seed) })
    const result = await replayRun(run.id)
    setBusy(null)
    if (!result) return
    // A built-in scenario is picked in the library; a live run's re-enactment or an opened file shows as opened.
    if (appStore.getState().scenarios.length === 0) await appStore.getState().loadScenarios()
    const builtin = appStore.getState().scenarios.find((s) => s.scenario === result.scenario)
    setScenarioForm({ choice: builtin ? { kind: 'builtin', file: builtin.file } : { kind: 'opened', name: result.file, source: result.source } })
    setView('scenarios')
  }
  const exportIt = async (): Promise<void> => {
    setBusy('export')
    const bundle = await exportBundle(run.id)
    setBusy(null)
    if (!bundle) return
    downloadText(bundle.filename, bundle.content)
    setUi({ exported: { runId: run.id, filename: bundle.filename } })
  }
  const duration = run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.createdAt) : null
  return (
    <>
      <tr className={`rn-row ${expanded ? 'expanded' : ''}`} onClick={() => setUi({ expanded: expanded ? null : run.id })} data-testid={`run-row-${run.id}`} data-status={status}>
        <td className="rn-pick" onClick={(e) => e.stopPropagation()}>
          <input type="checkbox" checked={isPicked} onChange={togglePick} aria-label={`Compare ${run.title}`} title="Tick two runs to compare them" data-testid={`run-pick-${run.id}`} />
        </td>
        <td>
          <StatusBadge status={status} title={STATUS_HINT[status]} testId={`run-status-${run.id}`} />
        </td>
        <td>
          <span className="ui-kind">{run.kind}</span>
        </td>
        <td className="rn-title">
          <RunTitle run={run} />
          {run.scenario && <div className="mono small muted rn-file">{run.scenario}</div>}
        </td>
        <td>
          <span className="rn-config">
            <ConfigName config={configOf(run.platform, run.profile, run.flaws)} />
          </span>
        </td>
        <td className="num" title={run.flaws.join('\n') || 'no flaws'}>
          {run.flaws.length}
        </td>
        <td className="num mono">{run.seed}</td>
        <td className="num">{run.turnCount}</td>
        <td className="num">{run.eventCount.toLocaleString('en')}</td>
        <td title={`${formatStamp(run.createdAt)} UTC${run.endedAt ? ` → ${formatStamp(run.endedAt)}` : ''}`} className="rn-when">
          <div>{formatAgo(run.createdAt)}</div>
          <div className="muted small">{duration !== null ? formatSpan(duration) : isLive ? 'running' : '—'}</div>
        </td>
        <td className="rn-actions" onClick={(e) => e.stopPropagation()}>
          <button type="button" className="btn btn-small" onClick={() => void open()} title="Open its turns in the Session view" data-testid={`run-open-${run.id}`}>
            <Icon name="open" size={12} /> Open
          </button>
          <button type="button" className="btn btn-small" disabled={busy !== null || empty} onClick={() => void replay()} title={empty ? 'No turns to replay' : 'Run it again with the same platform version, profile, flaws and seed; the result opens in Scenarios'} data-testid={`run-replay-${run.id}`}>
            <Icon name="replay" size={12} /> {busy === 'replay' ? 'Replaying…' : 'Replay'}
          </button>
          <button type="button" className="btn btn-small" disabled={busy !== null || empty} onClick={() => void exportIt()} title={empty ? 'No turns to export' : 'Download a repro bundle: the scenario, config, seed and result, no secrets'} data-testid={`run-export-${run.id}`}>
            <Icon name="download" size={12} /> {busy === 'export' ? 'Exporting…' : 'Export'}
          </button>
          <ReportButton runId={run.id} testId={`run-report-${run.id}`} what="this run" />
        </td>
      </tr>
      {(expanded || exported) && (
        <tr className="rn-detail">
          <td colSpan={11}>
            {exported && (
              <div className="rn-exported" data-testid={`run-exported-${run.id}`}>
                <Icon name="check" size={12} />
                <span>
                  Saved <code>{exported}</code>. Replay it anywhere with <code>credscope replay {exported}</code>.
                </span>
              </div>
            )}
            {expanded && (
              <dl className="rn-facts">
                <dt>Run id</dt>
                <dd className="mono selectable">{run.id}</dd>
                <dt>Config</dt>
                <dd>
                  {run.platform} · {run.profile} · seed <code>{run.seed}</code>
                </dd>
                <dt>Flaws</dt>
                <dd className="rn-flaws">
                  {run.flaws.length === 0 && <span className="muted">none</span>}
                  {run.flaws.map((id) => (
                    <span key={id} className="sc-chip" title={id}>
                      {shortFlawId(id)}
                    </span>
                  ))}
                </dd>
                {run.scenario && (
                  <>
                    <dt>Scenario</dt>
                    <dd className="mono">{run.scenario}</dd>
                  </>
                )}
              </dl>
            )}
          </td>
        </tr>
      )}
    </>
  )
}
