import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import keytar from 'keytar'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../src/main/engine/engine'
import { CLEARED_KEYS } from '../../src/main/runner/credentials-env'
import { Redactor } from '../../src/main/trace/redactor'
import { CanaryRegistry, fingerprint } from '../../src/main/vault/canaries'
import { CredentialStore } from '../../src/main/vault/credential-store'
import { KeychainVault } from '../../src/main/vault/keychain-vault'
import { DEFAULT_WORLD } from '../../src/main/world/default-world'
import { configOf } from '../../src/shared/profiles'
import { secretFields, type StoredCredential } from '../../src/shared/providers'
import { recordEvents, request } from '../support/engine'

// A service name no real user has, unique per worker, so we never touch a developer's entries.
const SERVICE = `credscope-test-${process.pid}`
const ROOT = resolve(import.meta.dirname, '../..')

const USERS = ['alice', 'bob', 'carol', 'mallory']
const SLOTS = ['coderabbit', 'gerrit', 'github', 'gitlab', 'google', 'jira', 'mcp:docs']
const EXPECTED_ACCOUNTS = USERS.flatMap((u) => SLOTS.map((s) => `${u}/${s}`)).sort()

const engines: Engine[] = []
const tempDirs: string[] = []

beforeAll(async () => {
  // Without a reachable keychain every test below would fail for the wrong reason; say so once.
  await expect(keytar.findCredentials(SERVICE), 'run this file through scripts/with-keyring.sh').resolves.toBeDefined()
})

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop()
  for (const { account } of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, account)
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function startKeychainEngine(profile: 'merged' | 'hardened' = 'merged'): Promise<Engine> {
  const engine = await Engine.start({
    config: configOf({ platform: 'merge', profile: profile === 'merged' ? 'as-is' : profile }),
    vault: await KeychainVault.open(SERVICE),
    reuseVault: true,
    mode: 'free',
    seed: 11
  })
  engines.push(engine)
  return engine
}

/** Every account's secret values, read straight from the keychain, bypassing our code. */
async function keychainSecrets(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (const { account, password } of await keytar.findCredentials(SERVICE)) {
    const cred = JSON.parse(password) as StoredCredential
    out.set(
      account,
      secretFields(cred)
        .map((f) => f.value)
        .filter((v) => v !== '')
    )
  }
  return out
}

describe('KeychainVault against the real OS keychain', () => {
  it('sets, gets, lists and deletes an entry under its own service', async () => {
    const vault = await KeychainVault.open(SERVICE)
    expect(vault.backend).toBe('keychain')
    expect(vault.service).toBe(SERVICE)
    expect(await vault.get('nobody/github')).toBeNull()

    await vault.set('zed/github', 'value-one')
    await vault.set('amy/gitlab', 'value-two')
    expect(await vault.get('zed/github')).toBe('value-one')
    // What keytar itself sees proves the value went to the keychain, not to a cache of ours.
    expect(await keytar.getPassword(SERVICE, 'zed/github')).toBe('value-one')
    expect(await vault.list()).toEqual([
      { account: 'amy/gitlab', value: 'value-two' },
      { account: 'zed/github', value: 'value-one' }
    ])

    await vault.set('zed/github', 'value-three')
    expect(await vault.get('zed/github')).toBe('value-three')

    expect(await vault.delete('zed/github')).toBe(true)
    expect(await vault.delete('zed/github')).toBe(false)
    expect(await vault.get('zed/github')).toBeNull()
    expect((await vault.list()).map((e) => e.account)).toEqual(['amy/gitlab'])
  })

  it('registers the fingerprint of every value CredentialStore writes or reads, naming owner and slot', async () => {
    const vault = await KeychainVault.open(SERVICE)
    const writer = new CanaryRegistry(new Redactor())
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'
    await new CredentialStore(vault, writer).write('alice', 'github', { provider: 'github', kind: 'pat', token })
    expect(writer.refOf(token)).toEqual({ owner: 'alice', slot: 'github', field: 'token', fingerprint: fingerprint(token), length: token.length })

    // A fresh registry learns the value only by reading it back out of the keychain.
    const reader = new CanaryRegistry(new Redactor())
    const store = new CredentialStore(vault, reader)
    expect(reader.refOf(token)).toBeNull()
    expect(await store.read('alice', 'github')).toEqual({ provider: 'github', kind: 'pat', token })
    expect(reader.refOf(token)?.owner).toBe('alice')
    expect(reader.whose(`git push with ${token} inside`)).toEqual([expect.objectContaining({ owner: 'alice', slot: 'github' })])

    const apiToken = 'ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz0123456789AB'
    await store.write('bob', 'jira', { provider: 'jira', apiToken, email: 'bob@example.com' })
    expect(reader.refOf(apiToken)).toMatchObject({ owner: 'bob', slot: 'jira', field: 'apiToken' })
    expect((await store.entries()).map((e) => `${e.userId}/${e.slot}`).sort()).toEqual(['alice/github', 'bob/jira'])
    expect(await store.remove('bob', 'jira')).toBe(true)
    expect(await store.read('bob', 'jira')).toBeNull()
  })
})

describe('an engine on the real keychain', () => {
  it('seeds a canary for every user and provider of the default world, and reuses them on a second start', async () => {
    const first = await startKeychainEngine()
    const seeded = await keychainSecrets()
    expect([...seeded.keys()].sort()).toEqual(EXPECTED_ACCOUNTS)
    expect(DEFAULT_WORLD.users.map((u) => u.id)).toEqual(USERS)
    for (const [account, values] of seeded) {
      const [owner, slot] = account.split('/')
      expect(values.length, account).toBeGreaterThan(0)
      for (const value of values) expect(first.sim.registry.refOf(value), account).toMatchObject({ owner, slot })
    }
    const fingerprintsBefore = new Map([...seeded].map(([account, values]) => [account, values.map(fingerprint)]))
    await first.stop()

    // A restart of serve must show the same credentials, or fingerprints in past runs would be orphans.
    const second = await startKeychainEngine()
    const reused = await keychainSecrets()
    expect(new Map([...reused].map(([account, values]) => [account, values.map(fingerprint)]))).toEqual(fingerprintsBefore)
    for (const [account, values] of reused) {
      for (const value of values) expect(second.sim.registry.refOf(value)?.owner, account).toBe(account.split('/')[0])
    }
    const world = await second.world()
    expect(world.vault).toEqual({ backend: 'keychain', service: SERVICE })
    const bob = world.users.find((u) => u.id === 'bob')
    expect(bob?.credentials.find((c) => c.slot === 'github')?.fingerprint).toBe(fingerprintsBefore.get('bob/github')?.[0])
  })

  // Under merged, R3 keeps the previous turn's worker and its env alive, so a turn after a good one
  // can act with the sender's stale token without reaching the vault: that is R3's scenario, not
  // this fault's. So the mid-run case runs hardened, and merged meets a keychain locked from the start.
  it.each([
    { profile: 'hardened' as const, goodTurnFirst: true },
    { profile: 'merged' as const, goodTurnFirst: false }
  ])('fails a turn closed when the keychain fails ($profile, after a good turn: $goodTurnFirst), and nothing leaks', async ({ profile, goodTurnFirst }) => {
    const engine = await startKeychainEngine(profile)
    const events = recordEvents(engine)
    if (goodTurnFirst) {
      const ok = await engine.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
      expect(ok.turn?.status).toBe('finished')
      expect(events.of('tool.result', ok.turn?.turn).map((e) => e.actedAs)).toEqual(['bob'])
    }

    engine.vaultFailing = true
    const outcome = await engine.sendTurn({
      sender: { kind: 'user', userId: 'bob' },
      project: 'demo',
      session: 'shared-1',
      message: 'github.whoami\njira.myself'
    })
    const turn = outcome.turn?.turn
    expect(turn).toBeDefined()

    // The backend answered the runner's fetches with the platform's own errors, and served nothing.
    const fetches = events.of('runner.fetch', turn)
    expect(fetches.filter((f) => f.slot === 'github').map((f) => f.status)).toContain(404)
    expect(fetches.filter((f) => f.slot === 'jira').map((f) => f.status)).toContain(500)
    expect(fetches.every((f) => f.outcome !== 'ok')).toBe(true)
    expect(events.of('credential.served', turn)).toEqual([])
    expect(events.of('tool.result', turn).every((r) => r.actedAs === null)).toBe(true)

    expect(engine.leaks.findings.filter((f) => f.turn === turn)).toEqual([])
    const runner = engine.runner('demo', 'shared-1')!
    // MCP_CONFIG_FILE is a path, not a credential; MCP credentials are MCP_<SERVER>_<FIELD>.
    const credentialKeys = [...runner.env.keys()].filter((k) => (CLEARED_KEYS as readonly string[]).includes(k) || (/^MCP_[A-Z0-9_]+_[A-Z0-9]+$/.test(k) && k !== 'MCP_CONFIG_FILE'))
    expect(credentialKeys).toEqual([])
    const userHoldings = (await runner.holdings()).filter((h) => !h.credential.owner.startsWith('sa:') && !h.credential.owner.startsWith('platform:'))
    expect(userHoldings).toEqual([])

    // The same endpoints over real HTTP, as the runner calls them with the caller's token.
    const headers = { Authorization: `Bearer ${engine.userToken('bob')}`, 'X-Runner-Current-User': 'bob' }
    const base = `${engine.backend.url}/api/projects/demo/agentic-sessions/shared-1/credentials`
    const github = await request(`${base}/github`, { headers })
    expect(github.status).toBe(404)
    expect(github.json).toEqual({ error: 'no GitHub credentials available. Connect GitHub on the Integrations page' })
    const jira = await request(`${base}/jira`, { headers })
    expect(jira.status).toBe(500)
    expect(jira.json).toEqual({ error: 'Failed to get Jira credentials' })
  })
})

describe('openVault without a keychain', () => {
  it('fails with a VaultUnavailableError whose message names --vault memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'credscope-vault-'))
    tempDirs.push(dir)
    // libsecret binds to the session bus once per process, so the missing bus needs a process of its own.
    const script = join(dir, 'open.mts')
    const openVaultUrl = pathToFileURL(join(ROOT, 'src/main/vault/open-vault.ts')).href
    await writeFile(
      script,
      `import { openVault } from ${JSON.stringify(openVaultUrl)}
try {
  await openVault('keychain', ${JSON.stringify(SERVICE)})
  console.log(JSON.stringify({ opened: true }))
} catch (error) {
  console.log(JSON.stringify({ name: error.name, message: error.message }))
}
`
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.on('close', done))
    expect(code, stderr).toBe(0)
    const result = JSON.parse(stdout.trim()) as { opened?: boolean; name?: string; message?: string }
    expect(result.opened).toBeUndefined()
    expect(result.name).toBe('VaultUnavailableError')
    expect(result.message).toContain('--vault memory')
  })
})

describe('the keychain daemon gone mid-session', () => {
  /**
   * The keyring daemons of one D-Bus session: gnome-keyring detaches from its parent, so it is
   * found by the session bus address in its environment (Linux /proc), the one our serve has.
   */
  async function daemonsOfSessionOf(root: number): Promise<number[]> {
    const { readdir, readFile } = await import('node:fs/promises')
    const environOf = async (pid: string): Promise<string> => readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')
    const busOf = (environ: string): string | null => environ.split('\0').find((v) => v.startsWith('DBUS_SESSION_BUS_ADDRESS='))?.slice(25) ?? null
    const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name))
    const parentOf = async (pid: string): Promise<string> => (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) \S+ /, '').split(' ')[0] ?? ''
    let bus: string | null = null
    for (const pid of pids) {
      // Our serve: a node process under root whose environment names the private bus.
      for (let up = pid, hops = 0; up && up !== '1' && hops < 8; up = await parentOf(up), hops++) {
        if (up !== String(root)) continue
        const address = busOf(await environOf(pid))
        if (address) bus ??= address
      }
    }
    if (!bus) return []
    const daemons: number[] = []
    for (const pid of pids) {
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim()
      if (comm.startsWith('gnome-keyring') && busOf(await environOf(pid)) === bus) daemons.push(Number(pid))
    }
    return daemons
  }

  it.runIf(process.platform === 'linux')('ends the turn in error with a message that names the keychain and the fix, and nothing of the turn leaks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'credscope-kill-'))
    tempDirs.push(dir)
    // A keyring of its own (its own D-Bus session), so killing its daemon touches no other test.
    const child = spawn('sh', [join(ROOT, 'scripts/with-keyring.sh'), process.execPath, join(ROOT, 'out/main/cli.js'), 'serve', '--profile', 'hardened', '--vault', 'keychain', '--service', `${SERVICE}-kill`, '--db', join(dir, 'runs.db')], {
      cwd: ROOT,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '', CREDSCOPE_PRIVATE_KEYRING: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: the stop reaches serve through the wrapper shells.
      detached: true
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((done) => child.on('close', done))
    try {
      const ready = await new Promise<{ controlUrl: string; controlToken: string }>((done, fail) => {
        let stdout = ''
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          if (stdout.includes('\n')) done(JSON.parse(stdout.slice(0, stdout.indexOf('\n'))) as { controlUrl: string; controlToken: string })
        })
        void exited.then(() => fail(new Error(`serve exited before it was ready: ${stderr}`)))
      })
      const turn = async (): Promise<{ turn: { status: string; error: string | null; turn: string }; leaks: unknown[] }> => {
        const answer = await request(`${ready.controlUrl}/turns`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ready.controlToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ as: 'bob', message: 'github.whoami\njira.myself' })
        })
        expect(answer.status, answer.text).toBe(200)
        return answer.json as { turn: { status: string; error: string | null; turn: string }; leaks: unknown[] }
      }
      const before = await turn()
      expect(before.turn).toMatchObject({ status: 'finished', error: null })

      const daemons = await daemonsOfSessionOf(child.pid ?? 0)
      expect(daemons.length, 'the private keyring daemon').toBeGreaterThan(0)
      for (const daemon of daemons) process.kill(daemon, 'SIGKILL')

      const after = await turn()
      expect(after.turn.status).toBe('error')
      expect(after.turn.error).toMatch(/^The OS keychain is not reachable \(.+\)\. On Linux, install and unlock a Secret Service/)
      expect(after.turn.error).toContain('--vault memory')
      expect(after.leaks).toEqual([])
      const events = await request(`${ready.controlUrl}/events?turn=${after.turn.turn}`, { headers: { Authorization: `Bearer ${ready.controlToken}` } })
      const list = (events.json as { events: Array<{ kind: string; credentials?: unknown[]; actedAs?: string | null; fault?: string }> }).events
      // Nobody's credential was served and no tool acted as anyone: the turn failed closed.
      expect(list.filter((e) => e.kind === 'credential.served')).toEqual([])
      expect(list.filter((e) => e.kind === 'tool.result').map((e) => e.actedAs)).toEqual([null, null])
      expect(list.some((e) => e.kind === 'fault' && e.fault === 'keychain')).toBe(true)
    } finally {
      process.kill(-(child.pid ?? 0), 'SIGTERM')
      await exited
    }
  })
})
