import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import keytar from 'keytar'
import { CLI, runCli, type Ran } from '../support/cli'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { maskSecret } from '../../src/shared/mask'
import { secretFields, type StoredCredential } from '../../src/shared/providers'

const ROOT = resolve(import.meta.dirname, '../..')
// A service no developer uses, per worker, so the test never reads or wipes real entries.
const SERVICE = `credscope-test-${process.pid}-cli`
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }


let dir = ''

beforeAll(async () => {
  expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test builds before testing)`).toBe(true)
  dir = await mkdtemp(join(tmpdir(), 'credscope-cli-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The built CLI with extra env; a CLI that wrongly accepts bad input would start serving, and the bound ends it. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return runCli(args, { env: { ...process.env, ...env }, boundMs: 15_000 })
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '')
}

describe('credscope --help and --version', () => {
  it('prints the usage with every command and exits 0 on --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const ran = await cli([flag])
      expect(ran.code).toBe(0)
      expect(ran.stderr).toBe('')
      expect(ran.stdout).toContain('Usage:')
      for (const word of ['credscope serve', 'credscope keychain', '--vault keychain|memory', 'Exit codes']) expect(ran.stdout).toContain(word)
    }
  })

  it("prints one command's usage and options for `credscope <command> --help`, not the whole help", async () => {
    const run = await cli(['run', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Usage:\n {2}credscope run /)
    expect(run.stdout).toContain('--reporter R')
    expect(run.stdout).toContain('github.whoami')
    expect(run.stdout).not.toContain('credscope keychain')
    const keychain = await cli(['keychain', '--help'])
    expect(keychain.stdout).toContain('--force')
    expect(keychain.stdout).not.toContain('--reporter')
  })

  it("prints the package's version and exits 0 on --version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const ran = await cli(['--version'])
    expect(ran).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })
})

describe('credscope bad input', () => {
  // Each is refused before anything is opened: the memory vault and a temp db keep a wrong accept harmless.
  it.each([
    { what: 'an unknown command', args: ['frobnicate'], names: 'frobnicate' },
    { what: 'an unknown flag', args: ['serve', '--bogus'], names: '--bogus' },
    { what: 'a --port that is not a number', args: ['serve', '--port', 'abc'], names: 'abc' },
    { what: 'a --port out of range', args: ['serve', '--port', '70000'], names: '70000' },
    { what: 'a negative --port', args: ['serve', '--port=-1'], names: '-1' },
    { what: 'an unknown --profile', args: ['serve', '--profile', 'nope'], names: 'nope' },
    { what: 'an unknown --flaw', args: ['serve', '--flaw', 'no-such-flaw'], names: 'no-such-flaw' },
    { what: 'an unknown --vault', args: ['serve', '--vault', 'floppy'], names: 'floppy' },
    { what: 'an argument serve does not take', args: ['serve', 'extra'], names: 'extra' },
    { what: 'a keychain action that does not exist', args: ['keychain', 'frob'], names: 'frob' },
    { what: 'a mistyped flag (with the flag it meant)', args: ['serve', '--profle', 'merged'], names: 'did you mean --profile?' },
    { what: 'a single-valued flag given twice', args: ['serve', '--seed', '1', '--seed', '2'], names: '--seed was given twice' }
  ])('exits 2 with one clear line on stderr for $what', async ({ args, names }) => {
    const safe = args[0] !== 'serve' ? [] : [...(args.includes('--vault') ? [] : ['--vault', 'memory']), '--db', join(dir, 'never.db')]
    const ran = await cli([...args, ...safe])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe('')
    expect(lines(ran.stderr)).toHaveLength(1)
    expect(ran.stderr).toMatch(/^credscope: /)
    expect(ran.stderr).toContain(names)
    expect(ran.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('credscope keychain on the real keychain', () => {
  beforeAll(async () => {
    // keytar through the parent's D-Bus session: the same keyring the CLI children get.
    await expect(keytar.findCredentials(SERVICE), 'run through scripts/with-keyring.sh (npm test does)').resolves.toBeDefined()
  })

  afterEach(async () => {
    for (const { account } of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, account)
  })

  it('seeds canaries, lists them masked only, and wipes them', async () => {
    const seeded = await cli(['keychain', 'seed', '--service', SERVICE])
    expect(seeded.code, seeded.stderr).toBe(0)
    expect(seeded.stdout).toContain(`seeded 28 canaries into keychain service "${SERVICE}"`)
    const stored = await keytar.findCredentials(SERVICE)
    expect(stored).toHaveLength(28)
    const values = stored.flatMap(({ password }) => secretFields(JSON.parse(password) as StoredCredential).map((f) => f.value)).filter((v) => v !== '')
    expect(values.length).toBeGreaterThanOrEqual(28)

    const listed = await cli(['keychain', 'list', '--service', SERVICE])
    expect(listed.code, listed.stderr).toBe(0)
    const [header, ...rows] = lines(listed.stdout)
    expect(header).toBe(`keychain service "${SERVICE}": 28 entries`)
    expect(rows).toHaveLength(28)
    for (const { account, password } of stored) {
      const first = secretFields(JSON.parse(password) as StoredCredential)[0]!.value
      expect(rows.find((r) => r.trim().startsWith(`${account} `))?.trim().split(/\s+/)).toEqual([account, maskSecret(first)])
    }
    // No listed word is a stored secret, and no secret hides inside a longer word either.
    const words = rows.flatMap((r) => r.trim().split(/\s+/))
    for (const value of values) {
      expect(words).not.toContain(value)
      expect(listed.stdout).not.toContain(value)
    }
    for (const { password } of stored) expect(listed.stdout).not.toContain(password)

    // Seeding again keeps what is there: serve reuses the same canaries across restarts.
    const again = await cli(['keychain', 'seed', '--service', SERVICE])
    expect(again.stdout).toContain('seeded 0 canaries')
    expect(await keytar.findCredentials(SERVICE)).toEqual(stored)

    const wiped = await cli(['keychain', 'wipe', '--service', SERVICE])
    expect(wiped.code, wiped.stderr).toBe(0)
    expect(wiped.stdout).toContain(`removed 28 entries from keychain service "${SERVICE}"`)
    expect(await keytar.findCredentials(SERVICE)).toEqual([])
    expect(lines((await cli(['keychain', 'list', '--service', SERVICE])).stdout)).toEqual([`keychain service "${SERVICE}": 0 entries`])
  })

  it('reseeds fresh canaries over existing entries with --force', async () => {
    expect((await cli(['keychain', 'seed', '--service', SERVICE])).code).toBe(0)
    const before = await keytar.getPassword(SERVICE, 'bob/github')
    const forced = await cli(['keychain', 'seed', '--force', '--service', SERVICE])
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toContain('seeded 28 canaries')
    const after = await keytar.getPassword(SERVICE, 'bob/github')
    expect(after).not.toBeNull()
    expect(after).not.toBe(before)
  })
})

describe('credscope without a keychain', () => {
  it('exits 1 from serve --vault keychain with one line naming --vault memory', async () => {
    const ran = await cli(['serve', '--vault', 'keychain', '--service', SERVICE, '--db', join(dir, 'no-keychain.db')], NO_KEYCHAIN)
    expect(ran.code).toBe(1)
    expect(ran.stdout).toBe('')
    expect(lines(ran.stderr)).toHaveLength(1)
    expect(ran.stderr).toMatch(/^credscope: The OS keychain is not reachable/)
    expect(ran.stderr).toContain('--vault memory')
  })

  it('exits 1 from keychain list with the same clear error', async () => {
    const ran = await cli(['keychain', 'list', '--service', SERVICE], NO_KEYCHAIN)
    expect(ran.code).toBe(1)
    expect(lines(ran.stderr)).toHaveLength(1)
    expect(ran.stderr).toContain('keychain is not reachable')
  })
})
