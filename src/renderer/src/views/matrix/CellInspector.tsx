import type { MatrixCell, MatrixResult, WorldSummary } from '../../../../shared/api'
import { UserBadge } from '../../components/UserBadge'
import { curlFor, headerUser, VERDICTS } from './matrix-selectors'

/** One cell in full: the request, the RBAC row that decided, got against expected, and a curl to redo it. */
export function CellInspector({ cell, matrix, world }: { cell: MatrixCell; matrix: MatrixResult; world: WorldSummary | undefined }): React.JSX.Element {
  const verdict = VERDICTS.find((v) => v.verdict === cell.verdict)
  const header = headerUser(world, cell.header)
  return (
    <section className={`mx-inspector mx-v-${cell.verdict}`} data-testid="matrix-inspector">
      <header className="mx-inspector-head">
        <span className={`mx-verdict mx-v-${cell.verdict}`}>{verdict?.label ?? cell.verdict}</span>
        <strong>{cell.principal}</strong>
        <span className="muted">asks for</span>
        <strong>{cell.slot}</strong>
        <span className="muted">{header ? 'naming' : 'with no X-Runner-Current-User'}</span>
        {header && <UserBadge owner={header} />}
      </header>
      <dl className="mx-facts">
        <dt>Answer</dt>
        <dd>
          HTTP <strong>{cell.status === 0 ? 'none' : cell.status}</strong>
        </dd>
        <dt>Decided by</dt>
        <dd>{cell.row !== null ? <>RBAC row {cell.row}: {cell.reason}</> : cell.reason}</dd>
        <dt>Got</dt>
        <dd>{cell.owner ? <UserBadge owner={cell.owner} /> : <span className="muted">no credential</span>}</dd>
        <dt>Expected</dt>
        <dd>{cell.expected ? <UserBadge owner={cell.expected} /> : <span className="muted">no credential</span>}</dd>
        <dt>Meaning</dt>
        <dd>{verdict?.meaning}</dd>
        <dt>Redo it</dt>
        <dd>
          <code className="mx-curl selectable" data-testid="matrix-curl">
            {curlFor(cell, world?.urls.backend ?? '', matrix.project, matrix.session)}
          </code>
          <div className="muted small">Token variables hold the values GET {world?.urls.control ?? '/control'}/world returns with the control token.</div>
        </dd>
      </dl>
    </section>
  )
}
