/** The part of a stream reader the SSE reader needs (fetch's body reader in Node and browsers). */
export interface ChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>
}

/** Reads `data:` payloads of a server-sent event stream until it ends, handing each on parsed. */
export async function readSseData(reader: ChunkReader, onData: (data: unknown) => void): Promise<void> {
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) return
    buffer += decoder.decode(chunk.value, { stream: true })
    let at: number
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, at)
      buffer = buffer.slice(at + 2)
      if (block.startsWith('data: ')) onData(JSON.parse(block.slice(6)) as unknown)
    }
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
