/** The files the user opened, by name, so a scenario is read again from disk each time it runs. */
const files = new Map<string, File>()

export function rememberFile(file: File): void {
  files.set(file.name, file)
}

/**
 * The file's text as it is on disk now; null when it was not opened in this window (a replayed
 * run's scenario). A file changed since it was picked may be unreadable: the browser then
 * refuses (NotReadableError), and the message says to open it again.
 */
export async function readAgain(name: string): Promise<{ text: string } | { error: string } | null> {
  const file = files.get(name)
  if (!file) return null
  try {
    return { text: await file.text() }
  } catch {
    return { error: `${name} changed on disk since it was opened and cannot be read again here; open it again (Open file…)` }
  }
}
