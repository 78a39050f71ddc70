import type { MatrixCell, MatrixResult } from './api'
import { countVerdicts, VERDICTS } from './matrix-verdicts'
import { botTokenVariable, tokenVariable } from './token-variables'

/** What an export says about the matrix beyond its cells. */
export interface MatrixExportContext {
  /** The configuration the matrix ran under (`head · as-is`), when known. */
  config: string | null
  /** The backend's base URL now (a serve's loopback URL, new with every serve), when known. */
  backendUrl: string | null
}

/** The variable every exported URL starts with: `credscope env`'s BACKEND. */
export const BACKEND_VARIABLE = 'BACKEND'

/** One variable an export's requests use, named as `credscope env` exports it. */
export interface ExportVariable {
  name: string
  /** The `credscope env` export that holds its value (BOT_TOKEN's is the session's own `BOT_TOKEN_<PROJECT>_<SESSION>`). */
  source: string
  /** What it holds, for the reader of the environment. */
  about: string
  secret: boolean
  /** The principal whose token it is; null for BACKEND. */
  principal: string | null
}

/** BACKEND, then each principal's token variable in the matrix's row order; `none` has none. */
export function exportVariables(matrix: MatrixResult): ExportVariable[] {
  const variables: ExportVariable[] = [
    { name: BACKEND_VARIABLE, source: BACKEND_VARIABLE, about: "the backend service's base URL, a loopback URL that changes with every credscope serve", secret: false, principal: null }
  ]
  for (const principal of matrix.principals) {
    const name = tokenVariable(principal)
    if (name === null) continue
    const bot = principal === 'bot'
    variables.push({ name, source: bot ? botTokenVariable(matrix.project, matrix.session) : name, about: tokenAbout(principal, matrix), secret: true, principal })
  }
  return variables
}

function tokenAbout(principal: string, matrix: MatrixResult): string {
  if (principal === 'bot') return `the BOT_TOKEN of ${matrix.project}/${matrix.session}`
  if (principal.startsWith('apikey:')) return `the token of API key ${principal.slice(7)}`
  if (principal.startsWith('sa:')) return `the token of ServiceAccount ${matrix.project}/${principal.slice(3)}`
  return `${principal}'s own token`
}

/** The command that sets every variable in a shell, for this matrix's session. */
export function envCommandFor(matrix: MatrixResult): string {
  return `eval "$(credscope env --session ${matrix.project}/${matrix.session})"`
}

/** A request's name: its slot and header variant, then the verdict (`github · naming alice · Violation`). */
export function cellTitle(cell: MatrixCell): string {
  const header = cell.header === 'absent' ? 'no X-Runner-Current-User' : `naming ${cell.header}`
  return `${cell.slot} · ${header} · ${verdictOf(cell).label}`
}

/** A folder's name and what it holds: one principal's requests. */
export function principalNotes(principal: string, matrix: MatrixResult): string {
  const variable = tokenVariable(principal)
  if (variable === null) return 'Requests with no Authorization header: an anonymous caller.'
  return `Requests sent as ${principal}, with ${tokenAbout(principal, matrix)} ({{${variable}}}) in the Authorization header.`
}

/** What credscope saw for one request, as Markdown: the answer, whose credential came back, whose should have, and what decided. */
export function cellNotes(cell: MatrixCell, context: MatrixExportContext): string {
  const verdict = verdictOf(cell)
  return [
    `What credscope saw when it sent this request${context.config ? ` under ${context.config}` : ''}:`,
    '',
    `- answer: ${cell.status === 0 ? 'none (the request failed)' : `HTTP ${cell.status}`}`,
    `- credential that came back: ${cell.owner ? `${cell.owner}'s` : 'none'}`,
    `- credential the secure design allows: ${cell.expected ? `${cell.expected}'s` : 'none'}`,
    `- verdict: **${verdict.label}**, ${verdict.meaning}`,
    `- decided by: ${cell.row === null ? cell.reason : `RBAC row ${cell.row}: ${cell.reason}`}`
  ].join('\n')
}

/** The test's name: the status credscope recorded, which a replay is checked against. */
export function statusCheckName(cell: MatrixCell): string {
  return `HTTP ${cell.status}, as credscope recorded (${verdictOf(cell).label.toLowerCase()})`
}

/** The export's own description: what was probed, the counts, and how to fill the variables without writing a token into a file. */
export function matrixNotes(matrix: MatrixResult, context: MatrixExportContext, whereVariablesGo: string): string {
  const counts = countVerdicts(matrix.cells)
  const probed = matrix.replayedFrom ? `the fetches of turn ${matrix.replayedFrom.slice(0, 8)}` : 'every provider and MCP server, with and without each X-Runner-Current-User'
  return [
    `The authorization matrix of ${matrix.project}/${matrix.session} (owner ${matrix.owner}), exported by credscope${context.config ? ` after a run under ${context.config}` : ''}: ` +
      `${matrix.cells.length} requests, ${probed}, one folder per principal, each request as credscope sent it to the backend service.`,
    '',
    `credscope counted ${counts.violation} violations, ${counts.broken} broken, ${counts.ok} allowed and ${counts['denied-expected']} denied as expected. ` +
      'Each request checks the HTTP status credscope recorded, so a run shows where the backend now answers differently; its description says whose credential came back and why.',
    '',
    `No token is in this file. ${whereVariablesGo} The tokens come from a running credscope serve of the same world: \`${envCommandFor(matrix)}\` sets them in a shell; run it again after a restart or Apply, which issue new tokens.`,
    '',
    ...exportVariables(matrix).map((v) => `- ${v.name}: ${v.about}${v.source === v.name ? '' : ` (credscope env's ${v.source})`}`)
  ].join('\n')
}

/** An export's file text: indented JSON, one newline at the end. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function verdictOf(cell: MatrixCell): { label: string; meaning: string } {
  return VERDICTS.find((v) => v.verdict === cell.verdict) ?? { label: cell.verdict, meaning: '' }
}
