import { describe, expect, it } from 'vitest'
import { Redactor } from '../../src/main/trace/redactor'
import { SecretIndex } from '../../src/main/trace/secret-index'
import { maskSecret } from '../../src/shared/mask'

// The index decides which values the redactor masks and which owner the leak detector names, so
// a secret it misses reaches reports and bundles in the clear. Correctness only: no timing here.

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function noise(length: number, seed: number): string {
  let state = seed + 1
  let out = ''
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    out += BASE62[state % BASE62.length]
  }
  return out
}

/** One value of every family the engine mints, shaped as the engine mints it. */
const FAMILIES = {
  github: `ghp_${noise(36, 1)}`,
  githubApp: `ghs_${noise(36, 2)}`,
  gitlab: `glpat-${noise(20, 3)}`,
  jira: `ATATT3xFfGF0${noise(40, 4)}`,
  googleAccess: `ya29.a0${noise(60, 5)}-_x`,
  googleRefresh: `1//0g${noise(40, 6)}`,
  mcp: `mcpk_${noise(32, 7)}`,
  oauth: `sha256~${noise(41, 8)}-_`,
  serviceAccount: `eyJhbGciOiJSUzI1NiIsImtpZCI6Im${noise(12, 9)}.eyJpc3MiOi${noise(120, 10)}`,
  runToken: `crun_${noise(40, 11)}`,
  clientSecret: `GOCSPX-${noise(28, 12)}`
}

function indexOf(...values: string[]): SecretIndex {
  const index = new SecretIndex()
  for (const value of values) index.add(value)
  return index
}

describe('SecretIndex', () => {
  it.each(Object.entries(FAMILIES))('finds a %s secret where it sits in a sentence', (_family, value) => {
    const index = indexOf(...Object.values(FAMILIES))
    const text = `the value is ${value} here`
    expect(index.find(text)).toEqual([{ index: 13, value }])
  })

  it('finds a value that starts like a token but holds characters no token has', () => {
    const odd = 'ghp_abcdefghijklmnop!qrs'
    expect(indexOf(odd).find(`x ${odd} y`)).toEqual([{ index: 2, value: odd }])
  })

  it('knows what it holds, and finds a value given twice once', () => {
    const index = indexOf(FAMILIES.github, FAMILIES.github, FAMILIES.gitlab, 'no-prefix-secret-value', 'no-prefix-secret-value')
    expect(index.find(`${FAMILIES.github} no-prefix-secret-value`)).toEqual([
      { index: 0, value: FAMILIES.github },
      { index: FAMILIES.github.length + 1, value: 'no-prefix-secret-value' }
    ])
    expect(index.has(FAMILIES.github)).toBe(true)
    expect(index.has('no-prefix-secret-value')).toBe(true)
    expect(index.has(FAMILIES.mcp)).toBe(false)
  })

  it('finds nothing in an empty index, in short text, or for a shaped value it was never given', () => {
    expect(new SecretIndex().find(`x ${FAMILIES.github}`)).toEqual([])
    expect(indexOf('ghp_1234567').find('ghp_123')).toEqual([])
    expect(indexOf(FAMILIES.github).find(`ghp_${noise(36, 99)} and ${FAMILIES.gitlab}`)).toEqual([])
  })

  it('prefers the longest secret when one extends another', () => {
    const short = FAMILIES.github
    const long = `${short}EXTRA`
    const index = indexOf(short, long)
    expect(index.find(`a ${long} b`)).toEqual([{ index: 2, value: long }])
    expect(index.find(`a ${short} b`)).toEqual([{ index: 2, value: short }])
  })

  it('finds secrets written against each other with no separator, in order', () => {
    const { github, gitlab, mcp, jira } = FAMILIES
    const index = indexOf(github, gitlab, mcp, jira)
    const text = `${github}${gitlab}${mcp}_${jira}`
    expect(index.find(text)).toEqual([
      { index: 0, value: github },
      { index: github.length, value: gitlab },
      { index: github.length + gitlab.length, value: mcp },
      { index: github.length + gitlab.length + mcp.length + 1, value: jira }
    ])
  })

  it('finds a secret that follows an unknown value of a known shape', () => {
    const text = `ghp_notasecretatall${FAMILIES.gitlab}`
    expect(indexOf(FAMILIES.gitlab).find(text)).toEqual([{ index: 'ghp_notasecretatall'.length, value: FAMILIES.gitlab }])
  })

  it('finds secrets inside JSON, URLs and env lines', () => {
    const { github, googleAccess, googleRefresh, oauth, mcp } = FAMILIES
    const index = indexOf(github, googleAccess, googleRefresh, oauth, mcp)
    const json = JSON.stringify({ token: github, nested: { refresh_token: googleRefresh } })
    expect(index.find(json).map((m) => m.value)).toEqual([github, googleRefresh])
    const url = `https://oauth2.googleapis.com/tokeninfo?access_token=${googleAccess}&x=1#${mcp}`
    expect(index.find(url).map((m) => m.value)).toEqual([googleAccess, mcp])
    const env = `GITHUB_TOKEN=${github}\nAUTH="Bearer ${oauth}"\nMCP_DOCS_API_KEY='${mcp}'\n`
    expect(index.find(env).map((m) => m.value)).toEqual([github, oauth, mcp])
  })

  it('finds a value added after a search already ran', () => {
    const index = indexOf(FAMILIES.github)
    const text = `${FAMILIES.github} ${FAMILIES.runToken}`
    expect(index.find(text).map((m) => m.value)).toEqual([FAMILIES.github])
    index.add(FAMILIES.runToken)
    expect(index.find(text).map((m) => m.value)).toEqual([FAMILIES.github, FAMILIES.runToken])
  })

  it('finds values without a known prefix anywhere, every time they occur', () => {
    const loose = 'plain-secret-9f3a'
    const index = indexOf(loose, FAMILIES.github)
    expect(index.find(`x${loose}y ${FAMILIES.github} ${loose}`)).toEqual([
      { index: 1, value: loose },
      { index: loose.length + 3, value: FAMILIES.github },
      { index: loose.length + 4 + FAMILIES.github.length, value: loose }
    ])
  })

  it('finds a short shaped secret even when word characters follow it', () => {
    const short = 'ghp_abcd1234'
    const index = indexOf(short, FAMILIES.gitlab)
    expect(index.find(`x=${short}Z`)).toEqual([{ index: 2, value: short }])
    expect(index.find(`${short}${FAMILIES.gitlab}`)).toEqual([
      { index: 0, value: short },
      { index: short.length, value: FAMILIES.gitlab }
    ])
  })

  it('finds every one of many secrets, whichever was added first', () => {
    const values = Array.from({ length: 300 }, (_, i) => `${['ghp_', 'glpat-', 'mcpk_', 'crun_'][i % 4] ?? ''}${noise(32, 1000 + i)}`)
    const index = indexOf(...values)
    const text = values.map((v, i) => `k${i}=${v}`).join('\n')
    expect(index.find(text).map((m) => m.value)).toEqual(values)
  })
})

describe('Redactor', () => {
  function redactorOf(...values: string[]): Redactor {
    const redactor = new Redactor()
    for (const value of values) redactor.add(value)
    return redactor
  }

  it('masks a known secret of eight characters, and takes none shorter (too many innocent words would match)', () => {
    expect(redactorOf('abcdefgh').redact('say abcdefgh now')).toBe(`say ${maskSecret('abcdefgh')} now`)
    expect(redactorOf('abcdefg').redact('say abcdefg now')).toBe('say abcdefg now')
  })

  it('masks a secret once when a secret without a prefix sits inside it, and both when they only touch', () => {
    const inner = 'plainsecretvalue'
    const outer = `ghp_${inner}${'x'.repeat(20)}`
    const redactor = redactorOf(outer, inner)
    expect(redactor.redact(`a ${outer} b`)).toBe(`a ${maskSecret(outer)} b`)
    expect(redactor.redact(`${outer}${inner}`)).toBe(`${maskSecret(outer)}${maskSecret(inner)}`)
  })

  it('replaces every known secret by its mask and leaves the rest of the text alone', () => {
    const { github, gitlab } = FAMILIES
    const redactor = redactorOf(github, gitlab)
    expect(redactor.redact(`push with ${github}, then ${gitlab}.`)).toBe(`push with ${maskSecret(github)}, then ${maskSecret(gitlab)}.`)
    expect(redactor.redact('nothing secret in here')).toBe('nothing secret in here')
  })

  it('masks every family, adjacent or not, so no raw value survives', () => {
    const redactor = redactorOf(...Object.values(FAMILIES))
    const text = Object.values(FAMILIES).join('') + ' ' + Object.values(FAMILIES).join(' ')
    const out = redactor.redact(text)
    for (const value of Object.values(FAMILIES)) expect(out).not.toContain(value)
    expect(out.split('…').length - 1).toBe(Object.keys(FAMILIES).length * 2)
  })

  it('masks a text that is a secret of the shortest length known, and every text once a secret is added after it was redacted', () => {
    const redactor = redactorOf('abcdefgh')
    expect(redactor.redact('abcdefgh')).toBe(maskSecret('abcdefgh'))
    expect(redactor.redact('abcdefg')).toBe('abcdefg')
    // Redacted once before either secret was known: the same text must not come back from memory.
    expect(redactor.redact('first zyxwvuts then')).toBe('first zyxwvuts then')
    redactor.add('zyxwvuts')
    expect(redactor.redact('first zyxwvuts then')).toBe(`first ${maskSecret('zyxwvuts')} then`)
    // Hidden in base64, where the text itself does not hold it.
    const basic = `Basic ${Buffer.from('bob:later-known-1').toString('base64')}`
    expect(redactor.redact(basic)).toBe(`Basic ${maskSecret(basic.slice(6))}`)
    redactor.add('later-known-1')
    expect(redactor.redact(basic)).toBe(`Basic base64(bob:${maskSecret('later-known-1')})`)
    expect(redactor.redact('label me')).toBe('label me')
    redactor.addLabelled('label me', '‹label›')
    expect(redactor.redact('label me')).toBe('‹label›')
    const fresh = new Redactor()
    fresh.addLabelled('tiny', '‹tiny›')
    expect(fresh.redact('tiny')).toBe('‹tiny›')
  })

  it('ignores values shorter than eight characters', () => {
    const redactor = redactorOf('abc1234')
    expect(redactor.has('abc1234')).toBe(false)
    expect(redactor.redact('the value abc1234')).toBe('the value abc1234')
  })

  it('decodes HTTP Basic credentials and masks the secret inside them', () => {
    const { gitlab, jira } = FAMILIES
    const redactor = redactorOf(gitlab, jira)
    const basic = Buffer.from(`bob@example.com:${jira}`).toString('base64')
    expect(redactor.redact(`Authorization: Basic ${basic}`)).toBe(`Authorization: Basic base64(bob@example.com:${maskSecret(jira)})`)
    const two = `Basic ${Buffer.from(`a:${gitlab}`).toString('base64')} and Basic ${Buffer.from(`b:${jira}`).toString('base64')}`
    expect(redactor.redact(two)).toBe(`Basic base64(a:${maskSecret(gitlab)}) and Basic base64(b:${maskSecret(jira)})`)
  })

  it('masks HTTP Basic credentials that hold no known secret too: they are credentials all the same', () => {
    const redactor = redactorOf(FAMILIES.github)
    const b64 = Buffer.from('user:not-a-known-secret').toString('base64')
    expect(redactor.redact(`Authorization: Basic ${b64}`)).toBe(`Authorization: Basic ${maskSecret(b64)}`)
    // Shorter than any token shape, and still a credential.
    const short = Buffer.from('al:pw12345').toString('base64')
    expect(redactor.redact(`Authorization: Basic ${short}`)).toBe(`Authorization: Basic ${maskSecret(short)}`)
    // Base64 without a user:password inside is not Basic credentials.
    const plain = Buffer.from('just some words').toString('base64')
    expect(redactor.redact(`Basic ${plain}`)).toBe(`Basic ${plain}`)
  })

  it('masks a provider-shaped value before it is known, and the same way once it is added', () => {
    const redactor = redactorOf(FAMILIES.github)
    expect(redactor.redact(FAMILIES.runToken)).toBe(maskSecret(FAMILIES.runToken))
    redactor.add(FAMILIES.runToken)
    expect(redactor.redact(FAMILIES.runToken)).toBe(maskSecret(FAMILIES.runToken))
  })

  it('redacts every string inside nested objects and arrays and keeps other values', () => {
    const { github, mcp } = FAMILIES
    const redactor = redactorOf(github, mcp)
    const event = { kind: 'runner.env', keys: ['GITHUB_TOKEN'], env: { GITHUB_TOKEN: github, list: [mcp, 3, true, null] }, at: 12 }
    expect(redactor.redactDeep(event)).toEqual({
      kind: 'runner.env',
      keys: ['GITHUB_TOKEN'],
      env: { GITHUB_TOKEN: maskSecret(github), list: [maskSecret(mcp), 3, true, null] },
      at: 12
    })
    expect(event.env.GITHUB_TOKEN).toBe(github)
  })

  it('reports the same matches as its index', () => {
    const redactor = redactorOf(FAMILIES.github, FAMILIES.oauth)
    const text = `Bearer ${FAMILIES.oauth} ${FAMILIES.github}`
    expect(redactor.find(text)).toEqual([
      { index: 7, value: FAMILIES.oauth },
      { index: 8 + FAMILIES.oauth.length, value: FAMILIES.github }
    ])
  })
})
