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
