import type { IncomingMessage } from 'node:http'
import { HttpError } from './http-error'

/**
 * The largest request body any listener reads: credscope's own bound (the platform's Go and
 * Python servers read bodies whole, without one), so no request can make the engine hold more.
 */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * A request body as text, at most `limit` bytes; beyond it an HttpError 413. The rest of an
 * over-long body is drained (not kept), so the client reads the 413 instead of a reset.
 */
export function readBody(raw: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    raw.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        reject(new HttpError(413, `Request body too large: credscope reads at most ${limit} bytes`))
        return
      }
      chunks.push(chunk)
    })
    raw.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    // A client that hangs up mid-body sent a malformed request, not a server fault.
    raw.on('error', () => reject(new HttpError(400, 'Bad request: the body was cut short')))
  })
}
