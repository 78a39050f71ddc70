import { createRequire } from 'node:module'
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman'
import type { Collection, Item } from 'postman-collection'

// The API clients a reviewer replays the matrix's exports in, driven by their own packages.

/** Bruno's own collection schema (yup), which its import checks a file against; published without type declarations. */
export const brunoCollectionSchema = (createRequire(import.meta.url)('@usebruno/schema') as { collectionSchema: { validate(value: unknown): Promise<unknown> } }).collectionSchema

/** A request of a Postman collection by its folder and name, as the SDK loaded it. */
export function postmanRequest(collection: Collection, folder: string, name: string): Item {
  let found: Item | undefined
  collection.forEachItem((item) => {
    if (item.name === name && folderOf(item) === folder) found = item
  })
  if (!found) throw new Error(`no request ${folder} / ${name}`)
  return found
}

/** What a replay of an exported collection came to: each request's folder, name and status, and each failed test. */
export interface Replay {
  requests: Array<{ folder: string; name: string; status: number | undefined }>
  failures: Array<{ folder: string; name: string; test: string; message: string }>
  assertions: number
}

/** Runs a Postman collection with newman, as a reviewer does in CI, without its console reporter. */
export async function replayWithNewman(options: Pick<NewmanRunOptions, 'collection' | 'environment' | 'envVar'>): Promise<Replay> {
  const summary = await new Promise<NewmanRunSummary>((done, fail) => {
    newman.run({ ...options, reporters: [] }, (error, result) => (error ? fail(error) : done(result)))
  })
  return {
    requests: summary.run.executions.map((e) => ({ folder: folderOf(e.item), name: e.item.name, status: e.response?.code })),
    failures: summary.run.failures.map((f) => ({ folder: folderOf(f.source), name: f.source?.name ?? '', test: f.error.test, message: f.error.message })),
    assertions: summary.run.stats.assertions.total ?? 0
  }
}

function folderOf(item: { parent(): unknown } | undefined): string {
  const parent = item?.parent() as { name?: unknown } | undefined
  return typeof parent?.name === 'string' ? parent.name : ''
}
