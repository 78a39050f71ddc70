/** The four integration providers the credential endpoints serve (docs/platform/credential-endpoints.md, MERGE). */
export const PROVIDERS = ['github', 'gitlab', 'jira', 'google'] as const
export type Provider = (typeof PROVIDERS)[number]

/** A keychain slot: one of the providers, or the credential of one MCP server (`mcp:<server>`). */
export type CredentialSlot = Provider | `mcp:${string}`

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value)
}

export function mcpSlot(server: string): CredentialSlot {
  return `mcp:${server}`
}

/** The MCP server name of a slot, or null for a provider slot. */
export function mcpServerOf(slot: CredentialSlot): string | null {
  return slot.startsWith('mcp:') ? slot.slice(4) : null
}

/**
 * What the keychain holds for one user and one slot. Only secret parts and stable facts are
 * stored; URLs of the fake providers are filled in at read time because their ports change.
 */
export type StoredCredential =
  | { provider: 'github'; kind: 'pat' | 'app'; token: string; expiresAt?: string }
  | { provider: 'gitlab'; token: string }
  | { provider: 'jira'; apiToken: string; email: string }
  | {
      provider: 'google'
      accessToken: string
      refreshToken: string
      email: string
      scopes: string[]
      expiresAt: string
    }
  | { provider: 'mcp'; server: string; fields: Record<string, string> }

/** The secret values inside a stored credential, with the field each came from. */
export function secretFields(cred: StoredCredential): Array<{ field: string; value: string }> {
  switch (cred.provider) {
    case 'github':
    case 'gitlab':
      return [{ field: 'token', value: cred.token }]
    case 'jira':
      return [{ field: 'apiToken', value: cred.apiToken }]
    case 'google':
      return [
        { field: 'accessToken', value: cred.accessToken },
        { field: 'refreshToken', value: cred.refreshToken }
      ]
    case 'mcp':
      return Object.entries(cred.fields).map(([field, value]) => ({ field, value }))
  }
}
