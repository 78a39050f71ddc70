/**
 * Saves text as a file through an <a download>: a browser downloads it, and the desktop window
 * (Electron) shows its save dialog for the same link, so one path serves both shells.
 */
export function downloadText(filename: string, content: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoke later: some engines read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
