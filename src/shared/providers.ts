import type { PlatformVersion } from './platform-versions'

/**
 * The integration providers whose credentials users keep (docs/platform/credential-endpoints.md):
 * four at the merge, coderabbit and gerrit added by HEAD.
 */
export const PROVIDERS = ['github', 'gitlab', 'jira', 'google', 'coderabbit', 'gerrit'] as const
export type Provider = (typeof PROVIDERS)[number]

/** The providers the backend has a credential endpoint for at a version (docs/platform/credential-endpoints.md#coderabbit-and-gerrit-head-only). */
export function servedProviders(version: PlatformVersion): readonly Provider[] {
  return version === 'head' ? PROVIDERS : ['github', 'gitlab', 'jira', 'google']
}

/** A keychain slot: one of the providers, or the credential of one MCP server (`mcp:<server>`). */
export type CredentialSlot = Provider | `mcp:${string}`

/**
 * What the runner asks the backend for: a keychain slot, or HEAD's `kubeconfig`, which no backend
 * route serves (docs/platform/credential-endpoints.md#coderabbit-and-gerrit-head-only).
 */
export type FetchKind = CredentialSlot | 'kubeconfig'

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
  | { provider: 'coderabbit'; apiKey: string }
  | { provider: 'gerrit'; instances: GerritInstance[] }
  | { provider: 'mcp'; server: string; fields: Record<string, string> }

/** One Gerrit instance a user connected, with HTTP basic auth (the backend's `http_basic`). */
export interface GerritInstance {
  instanceName: string
  url: string
  username: string
  httpToken: string
}

/** The secret values inside a stored credential, with the field each came from. */
export function secretFields(cred: StoredCredential): Array<{ field: string; value: string }> {
  switch (cred.provider) {
    case 'github':
    case 'gitlab':
      return [{ field: 'token', value: cred.token }]
    case 'jira':
      return [{ field: 'apiToken', value: cred.apiToken }]
    case 'coderabbit':
      return [{ field: 'apiKey', value: cred.apiKey }]
    case 'gerrit':
      return cred.instances.map((instance) => ({ field: `httpToken(${instance.instanceName})`, value: instance.httpToken }))
    case 'google':
      return [
        { field: 'accessToken', value: cred.accessToken },
        { field: 'refreshToken', value: cred.refreshToken }
      ]
    case 'mcp':
      return Object.entries(cred.fields).map(([field, value]) => ({ field, value }))
  }
}
