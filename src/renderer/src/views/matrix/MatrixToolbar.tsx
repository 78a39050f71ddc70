import { useApp } from '../../store/app-store'
import { Icon } from '../../components/Icon'
import { configOf, describeConfig } from '../../components/flaw-config'
import { ConfigName } from '../../components/ConfigName'

/** Which session to probe, optionally which live turn's fetches to replay, and Run. */
export function MatrixToolbar(): React.JSX.Element | null {
  const sessions = useApp((s) => s.state?.world.sessions)
  const live = useApp((s) => s.state?.live)
  const turns = useApp((s) => s.turns)
  const viewedRunId = useApp((s) => s.viewedRunId)
  const busy = useApp((s) => s.matrixBusy)
  const runMatrix = useApp((s) => s.runMatrix)
  const chosenSession = useApp((s) => s.matrixUi.session)
  const chosenTurn = useApp((s) => s.matrixUi.turn)
  const onlyFindings = useApp((s) => s.matrixUi.onlyFindings)
  const setUi = useApp((s) => s.setMatrixUi)
  if (!sessions || !live) return null
  const sessionKey = chosenSession ?? (sessions[0] ? `${sessions[0].project}/${sessions[0].name}` : '')
  const [project, session] = sessionKey.split('/')
  // The matrix replays turns of the live engine's run only; the store's turns are of whatever run the Session view shows.
  const liveTurns = viewedRunId === live.runId ? turns.filter((t) => `${t.project}/${t.session}` === sessionKey) : []
  const turn = chosenTurn && liveTurns.some((t) => t.turn === chosenTurn) ? chosenTurn : null
  const run = async (): Promise<void> => {
    if (!project || !session) return
    const config = describeConfig(configOf(live.platform, live.profile, live.flaws))
    const matrix = await runMatrix(project, session, turn ?? undefined)
    if (matrix) setUi({ ranAgainst: { matrix, config }, selected: null })
  }
  return (
    <div className="toolbar mx-toolbar">
      <label className="mx-field">
        <span className="muted">Session</span>
        <select value={sessionKey} onChange={(e) => setUi({ session: e.target.value, turn: null })} data-testid="matrix-session">
          {sessions.map((s) => (
            <option key={`${s.project}/${s.name}`} value={`${s.project}/${s.name}`}>
              {s.project}/{s.name} (owner {s.owner})
            </option>
          ))}
        </select>
      </label>
      <label className="mx-field">
        <span className="muted">Requests</span>
        <select value={turn ?? ''} onChange={(e) => setUi({ turn: e.target.value || null })} data-testid="matrix-turn" title={liveTurns.length === 0 ? 'Send a turn in the Session view to replay its credential fetches' : undefined}>
          <option value="">every provider and MCP server × every header</option>
          {liveTurns.map((t, i) => (
            <option key={t.turn} value={t.turn}>
              replay turn #{i + 1} by {t.senderId}: {t.served.length} fetches ({t.served.map((s) => s.slot).join(', ') || 'none'})
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn primary" disabled={busy || !project} onClick={() => void run()} data-testid="matrix-run">
        <Icon name="play" size={12} />
        {busy ? 'Running…' : turn ? 'Replay as every principal' : 'Run matrix'}
      </button>
      <span className="muted small mx-against">
        against the live engine:{' '}
        <strong>
          <ConfigName config={configOf(live.platform, live.profile, live.flaws)} />
        </strong>
      </span>
      <span className="ui-head-spacer" />
      <label className="mx-only">
        <input type="checkbox" checked={onlyFindings} onChange={(e) => setUi({ onlyFindings: e.target.checked })} data-testid="matrix-only-violations" />
        Only violations
      </label>
    </div>
  )
}
