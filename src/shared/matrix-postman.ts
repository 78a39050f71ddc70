import type { MatrixCell, MatrixResult } from './api'
import { BACKEND_VARIABLE, cellNotes, cellTitle, envCommandFor, exportVariables, jsonFile, type MatrixExportContext, matrixNotes, principalNotes, statusCheckName } from './matrix-export'
import { cellRequest } from './matrix-request'

/** The schema Postman reads the collection against (Collection Format v2.1.0). */
export const POSTMAN_COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

interface PostmanHeader {
  key: string
  value: string
  type: 'text'
}

interface PostmanRequest {
  method: 'GET'
  // The cell's Authorization header is written out as it was sent (or left out for `none`), so no auth helper may add one.
  auth: { type: 'noauth' }
  header: PostmanHeader[]
  url: { raw: string; host: string[]; path: string[] }
}

interface PostmanTestScript {
  listen: 'test'
  script: { type: 'text/javascript'; exec: string[] }
}

export interface PostmanRequestItem {
  name: string
  description: string
  request: PostmanRequest
  event: PostmanTestScript[]
  response: []
}

export interface PostmanFolder {
  name: string
  description: string
  item: PostmanRequestItem[]
}

export interface PostmanCollection {
  info: { name: string; description: string; schema: typeof POSTMAN_COLLECTION_SCHEMA }
  item: PostmanFolder[]
}

export interface PostmanEnvironment {
  name: string
  values: Array<{ key: string; value: string; type: 'default' | 'secret'; enabled: true; description: string }>
  _postman_variable_scope: 'environment'
}

/**
 * The matrix for Postman, as the two files it imports: the collection and its environment.
 * `credscope matrix --reporter postman --out FILE` and the app's export write the same.
 */
export function matrixPostman(matrix: MatrixResult, context: MatrixExportContext): { collection: string; environment: string } {
  return { collection: jsonFile(postmanCollection(matrix, context)), environment: jsonFile(postmanEnvironment(matrix, context)) }
}

/**
 * A Postman collection (v2.1): a folder per principal, a request per cell with the headers it sent
 * (tokens as `{{TOKEN_BOB}}`), what credscope saw in its description, and a test that the status
 * is the one credscope recorded.
 */
function postmanCollection(matrix: MatrixResult, context: MatrixExportContext): PostmanCollection {
  return {
    info: {
      name: `credscope matrix ${matrix.project}/${matrix.session}${context.config ? ` (${context.config})` : ''}`,
      description: matrixNotes(matrix, context, `Its requests use the variables of the environment exported beside it (${environmentName(matrix)}); paste each token's value there.`),
      schema: POSTMAN_COLLECTION_SCHEMA
    },
    item: matrix.principals.map((principal) => ({
      name: principal,
      description: principalNotes(principal, matrix),
      item: matrix.cells.filter((c) => c.principal === principal).map((cell) => requestItem(cell, matrix, context))
    }))
  }
}

/**
 * One environment holding every variable the collection uses: each request names its own
 * principal's token, so a run of the whole matrix needs all of them at once, and Postman runs a
 * collection with one environment. Token values stay empty (type secret); BACKEND is filled when known.
 */
function postmanEnvironment(matrix: MatrixResult, context: MatrixExportContext): PostmanEnvironment {
  return {
    name: environmentName(matrix),
    values: exportVariables(matrix).map((v) =>
      v.secret
        ? { key: v.name, value: '', type: 'secret', enabled: true, description: `${v.about}: paste the value of $${v.source} after ${envCommandFor(matrix)}` }
        : { key: v.name, value: context.backendUrl ?? '', type: 'default', enabled: true, description: `${v.about}; set it from $${v.source} after ${envCommandFor(matrix)}` }
    ),
    _postman_variable_scope: 'environment'
  }
}

function environmentName(matrix: MatrixResult): string {
  return `credscope ${matrix.project}/${matrix.session}`
}

function requestItem(cell: MatrixCell, matrix: MatrixResult, context: MatrixExportContext): PostmanRequestItem {
  const request = cellRequest(cell, matrix.project, matrix.session, (name) => `{{${name}}}`)
  return {
    name: cellTitle(cell),
    description: cellNotes(cell, context),
    request: {
      method: 'GET',
      auth: { type: 'noauth' },
      header: request.headers.map((h) => ({ key: h.name, value: h.value, type: 'text' })),
      url: { raw: `{{${BACKEND_VARIABLE}}}${request.path}`, host: [`{{${BACKEND_VARIABLE}}}`], path: request.path.split('/').filter(Boolean) }
    },
    // A request that got no answer has no status to hold a replay to.
    event: cell.status === 0 ? [] : [{ listen: 'test', script: { type: 'text/javascript', exec: statusTest(cell) } }],
    response: []
  }
}

function statusTest(cell: MatrixCell): string[] {
  return [`pm.test(${JSON.stringify(statusCheckName(cell))}, function () {`, `  pm.response.to.have.status(${cell.status});`, '});']
}
