import type { MatrixCell, MatrixResult, WorldSummary } from '../../../../shared/api'
import { cellRequest } from '../../../../shared/matrix-request'

export { countVerdicts, VERDICTS, type Verdict } from '../../../../shared/matrix-verdicts'

export function cellKey(principal: string, slot: string, header: string): string {
  return `${principal}|${slot}|${header}`
}

/** The cells by key, so the grid can look each one up. */
export function indexCells(matrix: MatrixResult): Map<string, MatrixCell> {
  return new Map(matrix.cells.map((c) => [cellKey(c.principal, c.slot, c.header), c]))
}

export function isFinding(cell: MatrixCell): boolean {
  return cell.verdict === 'violation' || cell.verdict === 'broken'
}

/** The principal's kind, for grouping the matrix's rows. */
export type PrincipalKind = 'user' | 'bot' | 'apikey' | 'sa' | 'none'

export const PRINCIPAL_GROUPS: ReadonlyArray<{ kind: PrincipalKind; label: string }> = [
  { kind: 'user', label: 'Users (their own OAuth token)' },
  { kind: 'bot', label: 'Session ServiceAccount (BOT_TOKEN)' },
  { kind: 'apikey', label: 'API keys' },
  { kind: 'sa', label: 'Other ServiceAccounts' },
  { kind: 'none', label: 'No Authorization header' }
]

export function principalKind(label: string): PrincipalKind {
  if (label === 'bot') return 'bot'
  if (label === 'none') return 'none'
  if (label.startsWith('apikey:')) return 'apikey'
  if (label.startsWith('sa:')) return 'sa'
  return 'user'
}

/** A header variant (a platform user ID, or `absent`) as the world user it names. */
export function headerUser(world: WorldSummary | undefined, header: string): string | null {
  if (header === 'absent') return null
  return world?.users.find((u) => u.userID === header)?.id ?? header
}

/** The request a cell stands for, as a curl line against the backend service (no secret in it). */
export function curlFor(cell: MatrixCell, backendUrl: string, project: string, session: string): string {
  const request = cellRequest(cell, project, session, (name) => `$${name}`)
  return ['curl -i', ...request.headers.map((h) => `-H "${h.name}: ${h.value}"`), `${backendUrl}${request.path}`].join(' ')
}
