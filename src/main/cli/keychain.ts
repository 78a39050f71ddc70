import { maskSecret } from '../../shared/mask'
import { secretFields } from '../../shared/providers'
import { DEFAULT_EPOCH } from '../sim/clock'
import { Random, freshSeed } from '../sim/random'
import { Redactor } from '../trace/redactor'
import { CanaryRegistry } from '../vault/canaries'
import { CredentialStore } from '../vault/credential-store'
import { DEFAULT_SERVICE, openVault } from '../vault/open-vault'
import { seedCredentials } from '../world/build-world'
import { DEFAULT_WORLD } from '../world/default-world'
import { worldSpec } from '../world/spec'
import { UsageError } from './usage-error'
import { readWorldFile } from './world-file'

export interface KeychainOptions {
  service: string
  world?: string
  force: boolean
}

/** `credscope keychain list|seed|wipe`: the simulated users' entries in the OS keychain. */
export async function keychainCommand(action: string | undefined, options: KeychainOptions, out: (line: string) => void): Promise<number> {
  if (action !== 'list' && action !== 'seed' && action !== 'wipe') {
    throw new UsageError(`keychain needs an action: list, seed or wipe (got ${action === undefined ? 'nothing' : `"${action}"`})`)
  }
  const vault = await openVault('keychain', options.service)
  const store = new CredentialStore(vault, new CanaryRegistry(new Redactor()))
  switch (action) {
    case 'list': {
      const entries = await store.entries()
      out(`keychain service "${options.service}": ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`)
      for (const entry of entries) {
        const first = secretFields(entry.credential)[0]
        out(`  ${`${entry.userId}/${entry.slot}`.padEnd(28)} ${first ? maskSecret(first.value) : '(empty)'}`)
      }
      return 0
    }
    case 'seed': {
      const world = worldSpec.parse(options.world ? await readWorldFile(options.world) : DEFAULT_WORLD)
      if (options.force) for (const { userId, slot } of await store.entries()) await store.remove(userId, slot)
      const before = (await store.entries()).length
      await seedCredentials(store, world, new Random(freshSeed()), DEFAULT_EPOCH, true)
      const after = (await store.entries()).length
      out(`seeded ${after - before} canar${after - before === 1 ? 'y' : 'ies'} into keychain service "${options.service}" (${after} in all)`)
      return 0
    }
    case 'wipe': {
      const entries = await vault.list()
      for (const { account } of entries) await vault.delete(account)
      out(`removed ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} from keychain service "${options.service}"`)
      return 0
    }
  }
}

export { DEFAULT_SERVICE }
