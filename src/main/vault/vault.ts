/** Where simulated users' credentials are kept: the OS keychain, or memory by choice. */
export interface Vault {
  readonly backend: 'keychain' | 'memory'
  /** The keychain service name the entries live under. */
  readonly service: string
  get(account: string): Promise<string | null>
  set(account: string, value: string): Promise<void>
  delete(account: string): Promise<boolean>
  list(): Promise<Array<{ account: string; value: string }>>
}

/** The keychain cannot be reached; the message names the fix. */
export class VaultUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `The OS keychain is not reachable (${detail}). ` +
        'On Linux, install and unlock a Secret Service (gnome-keyring: `npm run setup`, then log in to a desktop ' +
        'session or run inside `dbus-run-session`); `serve` also takes `--vault memory` to keep credentials in memory only.'
    )
    this.name = 'VaultUnavailableError'
  }
}

export class MemoryVault implements Vault {
  readonly backend = 'memory' as const
  private readonly entries = new Map<string, string>()

  constructor(readonly service: string = 'credscope') {}

  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null
  }

  async set(account: string, value: string): Promise<void> {
    this.entries.set(account, value)
  }

  async delete(account: string): Promise<boolean> {
    return this.entries.delete(account)
  }

  async list(): Promise<Array<{ account: string; value: string }>> {
    return [...this.entries].map(([account, value]) => ({ account, value }))
  }
}

/**
 * A vault that can be made to fail, as a locked or vanished keychain does mid-run. Every call
 * then throws VaultUnavailableError, and the hops that read credentials fail closed.
 */
export class FaultableVault implements Vault {
  failing = false

  constructor(private readonly inner: Vault) {}

  get backend(): Vault['backend'] {
    return this.inner.backend
  }

  get service(): string {
    return this.inner.service
  }

  private check(): void {
    if (this.failing) throw new VaultUnavailableError('the keychain is locked (fault injected)')
  }

  async get(account: string): Promise<string | null> {
    this.check()
    return this.inner.get(account)
  }

  async set(account: string, value: string): Promise<void> {
    this.check()
    return this.inner.set(account, value)
  }

  async delete(account: string): Promise<boolean> {
    this.check()
    return this.inner.delete(account)
  }

  async list(): Promise<Array<{ account: string; value: string }>> {
    this.check()
    return this.inner.list()
  }
}
