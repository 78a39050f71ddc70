import type { MatrixCell, MatrixResult, WorldSummary } from '../../../../shared/api'
import { tokenVariable } from '../../../../shared/token-variables'

export type Verdict = MatrixCell['verdict']

/** Verdicts in the order a reader should care about them, with what each means. */
export const VERDICTS: ReadonlyArray<{ verdict: Verdict; label: string; meaning: string }> = [
  { verdict: 'violation', label: 'Violation', meaning: "came back with someone's credential the secure design does not allow" },
  { verdict: 'broken', label: 'Broken', meaning: 'the secure design allows a credential here, but none came back' },
  { verdict: 'ok', label: 'Allowed', meaning: 'came back with exactly the credential the secure design allows' },
  { verdict: 'denied-expected', label: 'Denied', meaning: 'nothing came back, and nothing should' }
]

export function cellKey(principal: string, slot: string, header: string): string {
  return `${principal}|${slot}|${header}`
}

/** The cells by key, so the grid can look each one up. */
export function indexCells(matrix: MatrixResult): Map<string, MatrixCell> {
  return new Map(matrix.cells.map((c) => [cellKey(c.principal, c.slot, c.header), c]))
}

export function countVerdicts(cells: readonly MatrixCell[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { violation: 0, broken: 0, ok: 0, 'denied-expected': 0 }
  for (const c of cells) counts[c.verdict] += 1
  return counts
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
  const path = cell.slot.startsWith('mcp:') ? `credentials/mcp/${cell.slot.slice(4)}` : `credentials/${cell.slot}`
  const parts = ['curl -i']
  const variable = tokenVariable(cell.principal)
  if (variable) parts.push(`-H "Authorization: Bearer $${variable}"`)
  if (cell.header !== 'absent') parts.push(`-H "X-Runner-Current-User: ${cell.header}"`)
  parts.push(`${backendUrl}/api/projects/${project}/agentic-sessions/${session}/${path}`)
  return parts.join(' ')
}
