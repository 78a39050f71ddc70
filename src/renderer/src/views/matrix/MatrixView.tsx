import { useApp } from '../../store/app-store'
import { CellInspector } from './CellInspector'
import { FindingsTable } from './FindingsTable'
import { MatrixGrid } from './MatrixGrid'
import { MatrixSummary } from './MatrixSummary'
import { MatrixToolbar } from './MatrixToolbar'
import { indexCells } from './matrix-selectors'

/** The authorization matrix: every principal × provider × header variant, expected against actual. */
export function MatrixView(): React.JSX.Element {
  const matrix = useApp((s) => s.matrix)
  const busy = useApp((s) => s.matrixBusy)
  const world = useApp((s) => s.state?.world)
  const onlyFindings = useApp((s) => s.matrixUi.onlyFindings)
  const selected = useApp((s) => s.matrixUi.selected)
  const ranAgainst = useApp((s) => s.matrixUi.ranAgainst)
  const setUi = useApp((s) => s.setMatrixUi)
  const select = (key: string): void => setUi({ selected: selected === key ? null : key })
  const selectedCell = matrix && selected ? indexCells(matrix).get(selected) : undefined
  return (
    <div className="ui-view" data-testid="view-matrix">
      <header className="ui-head">
        <h1>Authorization matrix</h1>
        <span className="muted">each principal asks the backend service for each provider&apos;s credential, with and without naming each user</span>
      </header>
      <MatrixToolbar />
      <div className={`mx-body ${busy ? 'busy' : ''}`}>
        {!matrix && (
          <div className="ui-empty" data-testid="matrix-empty">
            <h2>{busy ? 'Sending every request…' : 'No matrix yet'}</h2>
            <p>
              Run sends one real credential request per principal, provider and X-Runner-Current-User value straight to the backend service, as a runner (or curl) would,
              <br />
              and judges each answer against the secure design: a principal gets its own credentials only, the owner also without a header; bots and outsiders get none outside a run.
            </p>
            <p>Pick a turn of the live run under Requests to replay exactly that turn&apos;s fetches as every other principal.</p>
          </div>
        )}
        {matrix && (
          <>
            <MatrixSummary matrix={matrix} ranAgainst={ranAgainst?.matrix === matrix ? ranAgainst.config : null} backendUrl={world?.urls.backend ?? null} />
            <MatrixGrid matrix={matrix} world={world} onlyFindings={onlyFindings} selected={selected} onSelect={select} />
            {selectedCell ? (
              <CellInspector cell={selectedCell} matrix={matrix} world={world} />
            ) : (
              <p className="muted small mx-hint">Hover a cell for its status, RBAC row and expected owner; click it to pin the details and a curl line that redoes the request.</p>
            )}
            <FindingsTable matrix={matrix} world={world} selected={selected} onSelect={select} />
          </>
        )}
      </div>
    </div>
  )
}
