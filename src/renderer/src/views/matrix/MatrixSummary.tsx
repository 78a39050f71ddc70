import type { MatrixResult } from '../../../../shared/api'
import { matrixBruno } from '../../../../shared/matrix-bruno'
import { matrixCsv } from '../../../../shared/matrix-csv'
import type { MatrixExportContext } from '../../../../shared/matrix-export'
import { matrixPostman } from '../../../../shared/matrix-postman'
import { downloadText } from '../../components/download'
import { Icon } from '../../components/Icon'
import { countVerdicts, VERDICTS } from './matrix-selectors'

/** The verdict counts, which double as the grid's legend; what was probed, and its exports. */
export function MatrixSummary({ matrix, ranAgainst, backendUrl }: { matrix: MatrixResult; ranAgainst: string | null; backendUrl: string | null }): React.JSX.Element {
  const counts = countVerdicts(matrix.cells)
  const context: MatrixExportContext = { config: ranAgainst, backendUrl }
  const exportPostman = (): void => {
    // A collection and its environment are two files to Postman; it imports both at once.
    const { collection, environment } = matrixPostman(matrix, context)
    downloadText(exportName(matrix, ranAgainst, 'postman_collection.json'), collection)
    downloadText(exportName(matrix, ranAgainst, 'postman_environment.json'), environment)
  }
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
        <div className="mx-exports">
          <button
            type="button"
            className="btn mx-export"
            onClick={() => downloadText(exportName(matrix, ranAgainst, 'csv'), matrixCsv(matrix.cells), 'text/csv')}
            title="One row per request: principal, slot, header, status, whose credential came back, expected, verdict, RBAC row, reason"
            data-testid="matrix-export-csv"
          >
            <Icon name="download" size={12} />
            Export CSV
          </button>
          <button
            type="button"
            className="btn mx-export"
            onClick={exportPostman}
            title="A Postman collection (a folder per principal, a test per request on the status credscope recorded) and its environment: tokens empty, to paste from credscope env"
            data-testid="matrix-export-postman"
          >
            <Icon name="download" size={12} />
            Postman
          </button>
          <button
            type="button"
            className="btn mx-export"
            onClick={() => downloadText(exportName(matrix, ranAgainst, 'bruno.json'), matrixBruno(matrix, context))}
            title="A Bruno collection (Import collection → Bruno Collection) with an environment per principal: tokens are {{process.env.TOKEN_…}}, set by credscope env"
            data-testid="matrix-export-bruno"
          >
            <Icon name="download" size={12} />
            Bruno
          </button>
        </div>
      </div>
    </div>
  )
}

/** `matrix-demo-shared-1-hardened+r12-mcp-credentials-owner-only.csv`: what was probed, under what; `extension` says what the file is. */
function exportName(matrix: MatrixResult, config: string | null, extension: string): string {
  const parts = [matrix.project, matrix.session, config ?? ''].map((p) => p.replace(/[^\w.+-]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean)
  return `matrix-${parts.join('-')}.${extension}`
}
