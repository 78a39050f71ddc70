import type { ServerResponse } from 'node:http'

/** Writes one server-sent event whose data is the value as JSON, as the runner and the proxy stream them. */
export function writeSse(res: ServerResponse, event: unknown): void {
  res.write(`data: ${JSON.stringify(event)}\n\n`)
}
