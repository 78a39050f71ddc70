import { Fragment } from 'react'
import { Term } from '../../components/Term'
import type { MatrixCell, MatrixResult, WorldSummary } from '../../../../shared/api'
import { ownerColor, UserBadge } from '../../components/UserBadge'
import { roleIn } from '../world/world-selectors'
import { cellKey, headerUser, indexCells, isFinding, PRINCIPAL_GROUPS, principalKind, VERDICTS } from './matrix-selectors'

interface Props {
  matrix: MatrixResult
  world: WorldSummary | undefined
  onlyFindings: boolean
  selected: string | null
  onSelect: (key: string) => void
}

/**
 * Principals down, providers across, one sub-column per X-Runner-Current-User variant. Each cell
 * names whose credential came back and is coloured by its verdict against the secure design.
 */
export function MatrixGrid({ matrix, world, onlyFindings, selected, onSelect }: Props): React.JSX.Element {
  const cells = indexCells(matrix)
  const principals = onlyFindings ? matrix.principals.filter((p) => matrix.cells.some((c) => c.principal === p && isFinding(c))) : matrix.principals
  const columns = matrix.slots.length * matrix.headers.length
  return (
    <div className="mx-grid-wrap">
      <table className="mx-grid" data-testid="matrix-grid">
        <thead>
          <tr>
            <th className="mx-corner" rowSpan={2}>
              <div>principal ↓</div>
              <div className="muted mx-corner-sub">
                <Term id="x-runner-current-user" /> →
              </div>
            </th>
            {matrix.slots.map((slot) => (
              <th key={slot} colSpan={matrix.headers.length} className="mx-slot">
                {slot}
              </th>
            ))}
          </tr>
          <tr>
            {matrix.slots.map((slot) =>
              matrix.headers.map((header, i) => {
                const user = headerUser(world, header)
                return (
                  <th key={`${slot}-${header}`} className={`mx-hdr ${i === 0 ? 'mx-first' : ''}`} title={header === 'absent' ? 'no X-Runner-Current-User header' : `X-Runner-Current-User: ${header}`}>
                    {user ? <span style={{ color: ownerColor(user) }}>{user}</span> : <span className="muted">none</span>}
                  </th>
                )
              })
            )}
          </tr>
        </thead>
        <tbody>
          {PRINCIPAL_GROUPS.map((group) => {
            const rows = principals.filter((p) => principalKind(p) === group.kind)
            if (rows.length === 0) return null
            return (
              <Fragment key={group.kind}>
                <tr className="mx-group">
                  <td colSpan={columns + 1}>{group.label}</td>
                </tr>
                {rows.map((principal) => (
                  <tr key={principal} data-testid={`matrix-row-${principal}`}>
                    <th className="mx-principal" scope="row">
                      <PrincipalLabel principal={principal} matrix={matrix} world={world} />
                    </th>
                    {matrix.slots.map((slot) =>
                      matrix.headers.map((header, i) => {
                        const key = cellKey(principal, slot, header)
                        const cell = cells.get(key)
                        return <GridCell key={key} cell={cell} first={i === 0} dim={onlyFindings && cell !== undefined && !isFinding(cell)} selected={selected === key} onSelect={() => onSelect(key)} world={world} />
                      })
                    )}
                  </tr>
                ))}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function PrincipalLabel({ principal, matrix, world }: { principal: string; matrix: MatrixResult; world: WorldSummary | undefined }): React.JSX.Element {
  const kind = principalKind(principal)
  if (kind === 'user') {
    return (
      <>
        <UserBadge owner={principal} />
        <span className="mx-role">{world ? roleIn(world, principal, matrix.project, matrix.session) : ''}</span>
      </>
    )
  }
  if (kind === 'bot') {
    const sa = world?.sessions.find((s) => s.project === matrix.project && s.name === matrix.session)?.serviceAccount
    return (
      <>
        <span className="mx-pname">BOT_TOKEN</span>
        <span className="mx-role mono">{sa ?? 'session SA'}</span>
      </>
    )
  }
  if (kind === 'apikey') {
    const name = principal.slice('apikey:'.length)
    const creator = world?.apiKeys.find((k) => k.name === name)?.creator
    return (
      <>
        <span className="mx-pname mono">{name}</span>
        <span className="mx-role">API key{creator ? ` · for ${creator}` : ''}</span>
      </>
    )
  }
  if (kind === 'sa') {
    return (
      <>
        <span className="mx-pname mono">{principal.slice(3)}</span>
        <span className="mx-role">ServiceAccount</span>
      </>
    )
  }
  return (
    <>
      <span className="mx-pname">anonymous</span>
      <span className="mx-role">no token</span>
    </>
  )
}

function GridCell({
  cell,
  first,
  dim,
  selected,
  onSelect,
  world
}: {
  cell: MatrixCell | undefined
  first: boolean
  dim: boolean
  selected: boolean
  onSelect: () => void
  world: WorldSummary | undefined
}): React.JSX.Element {
  if (!cell) return <td className={`mx-cell ${first ? 'mx-first' : ''}`} />
  const verdict = VERDICTS.find((v) => v.verdict === cell.verdict)
  const headerName = cell.header === 'absent' ? 'no header' : `X-Runner-Current-User: ${headerUser(world, cell.header) ?? cell.header}`
  const tooltip = [
    `${cell.principal} → ${cell.slot}, ${headerName}`,
    `HTTP ${cell.status}${cell.row !== null ? ` · RBAC row ${cell.row}` : ''}: ${cell.reason}`,
    `got: ${cell.owner ? `${cell.owner}'s credential` : 'no credential'}`,
    `expected: ${cell.expected ? `${cell.expected}'s credential` : 'none'}`,
    `${verdict?.label ?? cell.verdict}: ${verdict?.meaning ?? ''}`
  ].join('\n')
  const mismatch = cell.owner !== cell.expected
  return (
    <td className={`mx-cell mx-v-${cell.verdict} ${first ? 'mx-first' : ''} ${dim ? 'dim' : ''} ${selected ? 'selected' : ''}`}>
      <button
        type="button"
        className="mx-cell-btn"
        title={tooltip}
        onClick={onSelect}
        aria-label={tooltip}
        aria-pressed={selected}
        data-testid={`matrix-cell-${cell.principal}-${cell.slot}-${cell.header}`}
        data-verdict={cell.verdict}
        data-owner={cell.owner ?? ''}
      >
        <span className="mx-owner" style={cell.owner ? { color: ownerColor(cell.owner) } : undefined}>
          {cell.owner ?? '—'}
        </span>
        <span className="mx-sub">{mismatch ? `want ${cell.expected ?? 'none'}` : cell.status === 0 ? 'no answer' : cell.status}</span>
      </button>
    </td>
  )
}
