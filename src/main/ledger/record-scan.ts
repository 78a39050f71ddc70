import { open } from 'node:fs/promises'
import type { CredentialRef } from '../../shared/events'

const CHUNK_BYTES = 8 * 1024 * 1024
/** Longer than any secret the engine mints, so a secret split by a chunk border is seen whole in the next. */
const OVERLAP_BYTES = 4096

/**
 * Every known secret in a file's bytes, found in one pass over bounded chunks with the secret
 * index (not one search per secret), so the end-of-run check of a large store takes a read of
 * the file, not minutes. A missing file holds nothing.
 */
export async function secretsInFile(path: string, scan: (text: string) => CredentialRef[]): Promise<CredentialRef[]> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch {
    return []
  }
  const found = new Map<string, CredentialRef>()
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES + OVERLAP_BYTES)
    let carried = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES, null)
      if (bytesRead === 0) break
      const filled = carried + bytesRead
      // Secrets are ASCII; latin1 maps every byte to one character, so nothing is lost or merged.
      for (const ref of scan(buffer.toString('latin1', 0, filled))) found.set(ref.fingerprint, ref)
      carried = Math.min(OVERLAP_BYTES, filled)
      buffer.copy(buffer, 0, filled - carried, filled)
    }
  } finally {
    await handle.close()
  }
  return [...found.values()]
}
