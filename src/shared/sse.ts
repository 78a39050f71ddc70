import { createParser } from 'eventsource-parser'

/** The part of a stream reader the SSE reader needs (fetch's body reader in Node and browsers). */
export interface ChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>
}

/**
 * A server-sent event parser that hands on each event's data as JSON; an event whose data is not
 * JSON is dropped, as the platform's proxy drops a line it cannot decode.
 */
export function sseJsonParser(onData: (data: unknown) => void): { feed(text: string): void } {
  return createParser({
    onEvent: (event) => {
      let data: unknown
      try {
        data = JSON.parse(event.data) as unknown
      } catch {
        return
      }
      onData(data)
    }
  })
}

/** Reads the JSON payloads of a server-sent event stream until it ends, handing each on. */
export async function readSseData(reader: ChunkReader, onData: (data: unknown) => void): Promise<void> {
  const decoder = new TextDecoder()
  const parser = sseJsonParser(onData)
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) return
    parser.feed(decoder.decode(chunk.value, { stream: true }))
  }
}

/** The JSON payloads of a server-sent event stream (a Node response body), one by one. */
export async function* sseJsonEvents(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder()
  const ready: unknown[] = []
  const parser = sseJsonParser((data) => ready.push(data))
  for await (const chunk of stream) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
    yield* ready.splice(0)
  }
}

/** How long to wait before reconnecting to a stream that failed or ended (the engine restarting). */
const RECONNECT_MS = 1000

/**
 * Follows a server-sent event stream with a bearer token, handing each payload on; reconnects
 * after a pause whenever it fails or ends, until the returned function stops it.
 */
export function followSseStream(url: string, token: string, onData: (data: unknown) => void): () => void {
  let stopped = false
  let controller: AbortController | null = null
  const run = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController()
      try {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal })
        const reader: ChunkReader | undefined = response.body?.getReader()
        if (reader) await readSseData(reader, onData)
      } catch {
        // The engine restarted or stopped; reconnect below unless we are stopping.
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS))
    }
  }
  void run()
  return () => {
    stopped = true
    controller?.abort()
  }
}
