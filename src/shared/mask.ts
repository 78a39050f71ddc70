/**
 * Masks a secret for display: a recognisable prefix, an ellipsis and the last four characters
 * (`ghp_…9f3a`). Values of twelve characters or fewer are hidden entirely, and the last four are
 * shown only when at least eight characters after the prefix stay hidden, so that a mask never
 * shows most of a secret.
 */
export function maskSecret(value: string): string {
  if (value.length <= 12) return '••••'
  const match = /^(?:Bearer |token |Basic )?(?:sha256~|[A-Za-z]{2,6}[_\-~]|eyJ|ya29\.|1\/\/|ATATT)?/.exec(value)
  const prefix = match ? match[0] : ''
  const body = value.length - prefix.length
  return body >= MIN_HIDDEN + TAIL ? `${prefix}…${value.slice(-TAIL)}` : `${prefix}…`
}

const TAIL = 4
const MIN_HIDDEN = 8
