/** Every family of secret the engine mints; anywhere outside the engine each must appear masked (`ghp_…9f3a`). */
const SECRET_PREFIXES = ['ghp_', 'ghs_', 'glpat-', 'ATATT', 'ya29.', '1//', 'mcpk_', 'sha256~', 'eyJ', 'crun_', 'GOCSPX-']

/** Secret-shaped values in a text that are not immediately followed by the mask's ellipsis. */
export function unmaskedSecrets(text: string): string[] {
  const found: string[] = []
  for (const prefix of SECRET_PREFIXES) {
    for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
      if (text[at + prefix.length] !== '…') found.push(text.slice(at, at + prefix.length + 12))
    }
  }
  return found
}
