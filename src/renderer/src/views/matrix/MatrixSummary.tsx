import type { MatrixResult } from '../../../../shared/api'
import { matrixCsv } from '../../../../shared/matrix-csv'
import { downloadText } from '../../components/download'
import { Icon } from '../../components/Icon'
import { countVerdicts, VERDICTS } from './matrix-selectors'

/** The verdict counts, which double as the grid's legend; what was probed, and its export. */
export function MatrixSummary({ matrix, ranAgainst }: { matrix: MatrixResult; ranAgainst: string | null }): React.JSX.Element {
  const counts = countVerdicts(matrix.cells)
  return (
    <div className="mx-summary" data-testid="matrix-summary">
      {VERDICTS.map((v) => (
        <div key={v.verdict} className={`mx-stat mx-v-${v.verdict}`} title={`${v.label}: ${v.meaning}`} data-testid={`matrix-count-${v.verdict}`} data-count={counts[v.verdict]}>
          <span className="mx-swatch" />
          <span className="mx-stat-n">{counts[v.verdict]}</span>
          <span className="mx-stat-label">{v.label}</span>
          <span className="mx-stat-meaning">{v.meaning}</span>
        </div>
      ))}
      <div className="mx-meta">
        <div>
          <strong>{matrix.cells.length}</strong> requests to <code>{matrix.project}/{matrix.session}</code>, owner <strong>{matrix.owner}</strong>
        </div>
        <div className="muted">
          {matrix.replayedFrom ? `replaying the fetches of turn ${matrix.replayedFrom.slice(0, 8)}` : 'every provider and MCP server, every X-Runner-Current-User'}
          {ranAgainst ? ` · ran against ${ranAgainst}` : ''}
        </div>
        <button
          type="button"
          className="btn mx-export"
          onClick={() => downloadText(csvName(matrix, ranAgainst), matrixCsv(matrix.cells), 'text/csv')}
          title="One row per request: principal, slot, header, status, whose credential came back, expected, verdict, RBAC row, reason"
          data-testid="matrix-export-csv"
        >
          <Icon name="download" size={12} />
          Export CSV
        </button>
      </div>
    </div>
  )
}

/** `matrix-demo-shared-1-hardened+r12-mcp-credentials-owner-only.csv`: what was probed, under what. */
function csvName(matrix: MatrixResult, config: string | null): string {
  const parts = [matrix.project, matrix.session, config ?? ''].map((p) => p.replace(/[^\w.+-]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean)
  return `matrix-${parts.join('-')}.csv`
}
