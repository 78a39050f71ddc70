import type { MatrixCell } from './api'
import type { CredentialSlot } from './providers'
import { tokenVariable } from './token-variables'

/** The backend route a slot's credential is served at, under the session: `credentials/github`, `credentials/mcp/docs`. */
export function credentialRoute(slot: CredentialSlot): string {
  return slot.startsWith('mcp:') ? `credentials/mcp/${slot.slice(4)}` : `credentials/${slot}`
}

/** The request one matrix cell stands for, with the principal's token as a variable, never its value. */
export interface CellRequest {
  /** The path below the backend's base URL: `/api/projects/demo/agentic-sessions/shared-1/credentials/github`. */
  path: string
  /** The variable holding the principal's token (`TOKEN_BOB`, `BOT_TOKEN`); null for `none`, which sends no Authorization. */
  tokenVariable: string | null
  /** The headers as the cell sent them, each value written with `variable` where it holds a token. */
  headers: Array<{ name: string; value: string }>
}

/**
 * What a cell sent, for every tool that redoes it (the curl line, the Postman and Bruno exports):
 * `variable` writes a token variable in the tool's syntax (`$TOKEN_BOB`, `{{TOKEN_BOB}}`).
 */
export function cellRequest(cell: MatrixCell, project: string, session: string, variable: (name: string) => string): CellRequest {
  const token = tokenVariable(cell.principal)
  const headers: CellRequest['headers'] = []
  if (token) headers.push({ name: 'Authorization', value: `Bearer ${variable(token)}` })
  if (cell.header !== 'absent') headers.push({ name: 'X-Runner-Current-User', value: cell.header })
  return { path: `/api/projects/${project}/agentic-sessions/${session}/${credentialRoute(cell.slot)}`, tokenVariable: token, headers }
}
