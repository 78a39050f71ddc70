import { constants, publicEncrypt } from 'node:crypto'

/**
 * The bearer a control-plane pod shows the token server (`tokenexchange`, docs/platform/control-plane.md#the-token-server):
 * the plaintext (its SESSION_ID) encrypted with AMBIENT_CP_TOKEN_PUBLIC_KEY, RSA-OAEP with SHA-256, base64.
 */
export function tokenExchangeBearer(publicKeyPem: string, plaintext: string): string {
  return publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(plaintext)).toString('base64')
}

/** The `token` of the token server's JSON answer, or '' when there is none. */
export function tokenOfAnswer(body: string): string {
  try {
    const parsed = JSON.parse(body) as { token?: unknown }
    return typeof parsed.token === 'string' ? parsed.token : ''
  } catch {
    return ''
  }
}
