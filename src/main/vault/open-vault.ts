import { KeychainVault } from './keychain-vault'
import { MemoryVault, type Vault } from './vault'

export type VaultKind = 'keychain' | 'memory'

/** The keychain service name; tests pass their own so they never touch a user's entries. */
export const DEFAULT_SERVICE = 'credscope'

export async function openVault(kind: VaultKind, service: string = DEFAULT_SERVICE): Promise<Vault> {
  switch (kind) {
    case 'keychain':
      return KeychainVault.open(service)
    case 'memory':
      return new MemoryVault(service)
  }
}
