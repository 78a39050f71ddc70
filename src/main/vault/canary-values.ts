import { HOSTS } from '../net/hosts'
import type { CredentialSlot, StoredCredential } from '../../shared/providers'
import type { Random } from '../sim/random'

export interface SeedOptions {
  githubKind?: 'pat' | 'app'
  googleExpired?: boolean
  googleRefreshToken?: boolean
}

const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/gmail.readonly',
  'openid',
  'email'
]

/** A provider-shaped canary credential for one user and slot. */
export function makeCredential(
  random: Random,
  slot: CredentialSlot,
  email: string,
  now: number,
  options: SeedOptions = {}
): StoredCredential {
  switch (slot) {
    case 'github': {
      const kind = options.githubKind ?? 'pat'
      return kind === 'pat'
        ? { provider: 'github', kind, token: `ghp_${random.string(36)}` }
        : { provider: 'github', kind, token: `ghs_${random.string(36)}`, expiresAt: new Date(now + 3_600_000).toISOString() }
    }
    case 'gitlab':
      return { provider: 'gitlab', token: `glpat-${random.string(20)}` }
    case 'jira':
      return { provider: 'jira', apiToken: `ATATT3xFfGF0${random.string(40)}`, email }
    case 'google':
      return googleCredential(random, email, now, options)
    case 'coderabbit':
      return { provider: 'coderabbit', apiKey: `cr-${random.string(40)}` }
    case 'gerrit':
      return { provider: 'gerrit', instances: [{ instanceName: 'review', url: `https://${HOSTS.gerrit}`, username: email.split('@')[0] ?? email, httpToken: `gerrit_${random.string(32)}` }] }
    default: {
      const server = slot.slice('mcp:'.length)
      return { provider: 'mcp', server, fields: { API_KEY: `mcpk_${random.string(32)}` } }
    }
  }
}

export function googleCredential(
  random: Random,
  email: string,
  now: number,
  options: SeedOptions = {}
): Extract<StoredCredential, { provider: 'google' }> {
  return {
    provider: 'google',
    accessToken: `ya29.a0${random.string(60, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`,
    refreshToken: options.googleRefreshToken === false ? '' : `1//0g${random.string(40)}`,
    email,
    scopes: GOOGLE_SCOPES,
    expiresAt: new Date(options.googleExpired ? now - 60_000 : now + 3_600_000).toISOString()
  }
}
