/** `Bearer x` → `x`; a raw token stays as it is (docs/platform: extractRequestToken). */
export function bearerValue(header: string): string {
  const trimmed = header.trim()
  return /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '').trim() : trimmed
}
