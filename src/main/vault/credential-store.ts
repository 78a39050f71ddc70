import { type CredentialSlot, secretFields, type StoredCredential } from '../../shared/providers'
import type { CanaryRegistry } from './canaries'
import { type Vault, VaultUnavailableError } from './vault'

/** The keychain account of one user's credential for one slot: `alice/github`, `bob/mcp:docs`. */
export function accountOf(userId: string, slot: CredentialSlot): string {
  return `${userId}/${slot}`
}

export function parseAccount(account: string): { userId: string; slot: CredentialSlot } | null {
  const slash = account.lastIndexOf('/')
  if (slash <= 0) return null
  return { userId: account.slice(0, slash), slot: account.slice(slash + 1) as CredentialSlot }
}

/**
 * Typed access to the vault: what the backend's Secret reads are in the platform. Every value
 * read or written is registered in the fingerprint map, so it can be traced back to its owner.
 */
export class CredentialStore {
  constructor(
    readonly vault: Vault,
    private readonly registry: CanaryRegistry,
    private readonly prefix: string = '',
    /** Told of every keychain failure before it is thrown on, so the turn it hit can end in error. */
    private readonly onFailure: (error: VaultUnavailableError) => void = () => {}
  ) {}

  async read(userId: string, slot: CredentialSlot): Promise<StoredCredential | null> {
    const text = await this.told(this.vault.get(this.prefix + accountOf(userId, slot)))
    if (text === null) return null
    const cred = parseCredential(text)
    if (cred) this.register(userId, slot, cred)
    return cred
  }

  async write(userId: string, slot: CredentialSlot, cred: StoredCredential): Promise<void> {
    this.register(userId, slot, cred)
    await this.told(this.vault.set(this.prefix + accountOf(userId, slot), JSON.stringify(cred)))
  }

  async remove(userId: string, slot: CredentialSlot): Promise<boolean> {
    return this.told(this.vault.delete(this.prefix + accountOf(userId, slot)))
  }

  /** Every entry of this store's prefix, registered; values never leave as plain text. */
  async entries(): Promise<Array<{ userId: string; slot: CredentialSlot; credential: StoredCredential }>> {
    const out: Array<{ userId: string; slot: CredentialSlot; credential: StoredCredential }> = []
    for (const { account, value } of await this.told(this.vault.list())) {
      if (!account.startsWith(this.prefix)) continue
      const parsed = parseAccount(account.slice(this.prefix.length))
      const credential = parseCredential(value)
      if (!parsed || !credential) continue
      this.register(parsed.userId, parsed.slot, credential)
      out.push({ ...parsed, credential })
    }
    return out
  }

  private async told<T>(call: Promise<T>): Promise<T> {
    try {
      return await call
    } catch (error) {
      if (error instanceof VaultUnavailableError) this.onFailure(error)
      throw error
    }
  }

  private register(userId: string, slot: CredentialSlot, cred: StoredCredential): void {
    for (const { field, value } of secretFields(cred)) {
      if (value) this.registry.register(value, { owner: userId, slot, field })
    }
    // The fake providers refuse an access token past its expiry, as GitHub and Google do.
    if (cred.provider === 'github' && cred.expiresAt) this.registry.setExpiry(cred.token, Date.parse(cred.expiresAt))
    if (cred.provider === 'google') this.registry.setExpiry(cred.accessToken, Date.parse(cred.expiresAt))
  }
}

function parseCredential(text: string): StoredCredential | null {
  try {
    const value = JSON.parse(text) as StoredCredential
    return typeof value === 'object' && value !== null && 'provider' in value ? value : null
  } catch {
    return null
  }
}
