import type { MatrixCell, MatrixResult } from './api'
import { BACKEND_VARIABLE, cellNotes, cellTitle, type ExportVariable, exportVariables, jsonFile, type MatrixExportContext, matrixNotes, principalNotes } from './matrix-export'
import { cellRequest } from './matrix-request'

interface BrunoKeyValue {
  uid: string
  name: string
  value: string
  enabled: true
}

export interface BrunoRequestItem {
  uid: string
  type: 'http-request'
  name: string
  seq: number
  request: {
    url: string
    method: 'GET'
    headers: BrunoKeyValue[]
    params: []
    body: { mode: 'none' }
    // The cell's Authorization header is written out as it was sent (or left out for `none`).
    auth: { mode: 'none' }
    script: Record<string, never>
    vars: Record<string, never>
    assertions: BrunoKeyValue[]
    tests: string
    docs: string
  }
}

export interface BrunoFolder {
  uid: string
  type: 'folder'
  name: string
  seq: number
  items: BrunoRequestItem[]
  root: { docs: string; meta: { name: string; seq: number } }
}

export interface BrunoEnvironment {
  uid: string
  name: string
  variables: Array<{ uid: string; name: string; value: string; type: 'text'; enabled: true; secret: false }>
}

/** Bruno's collection export (`version: "1"`), the JSON its Import collection → Bruno Collection reads. */
export interface BrunoCollection {
  version: '1'
  uid: string
  name: string
  items: BrunoFolder[]
  environments: BrunoEnvironment[]
  root: { docs: string }
  brunoConfig: { version: '1'; name: string; type: 'collection'; ignore: string[] }
}

/** The environment that holds every principal's token, to run the whole matrix at once. */
export const BRUNO_ALL_PRINCIPALS = 'every principal'

/**
 * The matrix as a Bruno collection: a folder per principal, a request per cell with the headers it
 * sent (tokens as `{{TOKEN_BOB}}`), what credscope saw in its docs, and an assertion on the status
 * credscope recorded. Its environments hold no token, only `{{process.env.TOKEN_BOB}}`, which
 * Bruno reads from the shell that started it (after `eval "$(credscope env)"`) or from the
 * collection's .env: one environment per principal, and one with every principal's.
 */
export function matrixBruno(matrix: MatrixResult, context: MatrixExportContext): string {
  return jsonFile(brunoCollection(matrix, context))
}

function brunoCollection(matrix: MatrixResult, context: MatrixExportContext): BrunoCollection {
  const uid = uids()
  const name = `credscope matrix ${matrix.project} ${matrix.session}${context.config ? ` (${context.config})` : ''}`
  const variables = exportVariables(matrix)
  const backend = variables.filter((v) => v.principal === null)
  return {
    version: '1',
    uid: uid(),
    name,
    items: matrix.principals.map((principal, index) => ({
      uid: uid(),
      type: 'folder',
      name: principal,
      seq: index + 1,
      items: matrix.cells.filter((c) => c.principal === principal).map((cell, at) => requestItem(cell, at + 1, matrix, context, uid)),
      root: { docs: principalNotes(principal, matrix), meta: { name: principal, seq: index + 1 } }
    })),
    environments: [
      environment(BRUNO_ALL_PRINCIPALS, variables, uid),
      ...matrix.principals.map((principal) => environment(principal.replace(/:/g, '-'), [...backend, ...variables.filter((v) => v.principal === principal)], uid))
    ],
    root: {
      docs: matrixNotes(
        matrix,
        context,
        `Its requests use the variables of its environments: "${BRUNO_ALL_PRINCIPALS}" for the whole matrix, or one principal's for that principal's folder. Each variable's value is {{process.env.NAME}}, which Bruno reads from the environment it was started in or from the .env file in the collection's folder (credscope env's output can be that file).`
      )
    },
    brunoConfig: { version: '1', name, type: 'collection', ignore: ['node_modules', '.git'] }
  }
}

function requestItem(cell: MatrixCell, seq: number, matrix: MatrixResult, context: MatrixExportContext, uid: () => string): BrunoRequestItem {
  const request = cellRequest(cell, matrix.project, matrix.session, (name) => `{{${name}}}`)
  return {
    uid: uid(),
    type: 'http-request',
    name: cellTitle(cell),
    seq,
    request: {
      url: `{{${BACKEND_VARIABLE}}}${request.path}`,
      method: 'GET',
      headers: request.headers.map((h) => ({ uid: uid(), name: h.name, value: h.value, enabled: true })),
      params: [],
      body: { mode: 'none' },
      auth: { mode: 'none' },
      script: {},
      vars: {},
      // A request that got no answer has no status to hold a replay to.
      assertions: cell.status === 0 ? [] : [{ uid: uid(), name: 'res.status', value: `eq ${cell.status}`, enabled: true }],
      tests: '',
      docs: cellNotes(cell, context)
    }
  }
}

/**
 * Every value is a reference, not a secret, so none is marked secret: Bruno keeps secret values
 * out of its environment files, and `bru run` would then have no reference to resolve.
 */
function environment(name: string, variables: readonly ExportVariable[], uid: () => string): BrunoEnvironment {
  return {
    uid: uid(),
    name,
    variables: variables.map((v) => ({ uid: uid(), name: v.name, value: `{{process.env.${v.source}}}`, type: 'text', enabled: true, secret: false }))
  }
}

/**
 * Bruno's uids are 21 alphanumerics; counted rather than random so the same matrix exports the
 * same file (Bruno gives every item a fresh uid on import anyway).
 */
function uids(): () => string {
  let next = 0
  return () => `credscope${String(++next).padStart(12, '0')}`
}
