/**
 * Masks a secret for display: a recognisable prefix, an ellipsis and the last four characters
 * (`ghp_…9f3a`). Values of twelve characters or fewer are hidden entirely, so that a mask never
 * shows most of a secret.
 */
export function maskSecret(value: string): string {
  if (value.length <= 12) return '••••'
  const prefix = /^(?:Bearer |token |Basic )?(?:sha256~|[A-Za-z]{2,6}[_\-~]|eyJ|ya29\.|1\/\/|ATATT)?/.exec(value)
  return `${prefix ? prefix[0] : ''}…${value.slice(-4)}`
}
