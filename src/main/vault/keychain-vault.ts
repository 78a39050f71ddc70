import { type Vault, VaultUnavailableError } from './vault'

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

/** The OS keychain through keytar: one entry per user and slot under one service name. */
export class KeychainVault implements Vault {
  readonly backend = 'keychain' as const

  private constructor(
    private readonly keytar: Keytar,
    readonly service: string
  ) {}

  /** Loads keytar and proves the keychain answers; VaultUnavailableError otherwise. */
  static async open(service: string): Promise<KeychainVault> {
    let keytar: Keytar
    try {
      const loaded = (await import('keytar')) as unknown as { default?: Keytar } & Keytar
      keytar = loaded.default ?? loaded
    } catch (error) {
      throw new VaultUnavailableError(`keytar could not load: ${describe(error)}`)
    }
    const vault = new KeychainVault(keytar, service)
    try {
      await keytar.findCredentials(service)
    } catch (error) {
      throw new VaultUnavailableError(describe(error))
    }
    return vault
  }

  async get(account: string): Promise<string | null> {
    return this.call(() => this.keytar.getPassword(this.service, account))
  }

  async set(account: string, value: string): Promise<void> {
    return this.call(() => this.keytar.setPassword(this.service, account, value))
  }

  async delete(account: string): Promise<boolean> {
    return this.call(() => this.keytar.deletePassword(this.service, account))
  }

  async list(): Promise<Array<{ account: string; value: string }>> {
    const found = await this.call(() => this.keytar.findCredentials(this.service))
    return found.map((c) => ({ account: c.account, value: c.password })).sort((a, b) => a.account.localeCompare(b.account))
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      throw new VaultUnavailableError(describe(error))
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error)
}
