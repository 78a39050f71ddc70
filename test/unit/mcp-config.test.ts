import { describe, expect, it } from 'vitest'
import { expandVars } from '../../src/main/runner/env'
import { expandMcpServer, type McpConfig, mergeMcpServers, serverStrings } from '../../src/main/runner/mcp-config'
import { customMcpServers, type CustomMcpServers } from '../../src/main/world/custom-mcp'

// HEAD's MCP config, rule by rule (docs/platform/runner.md#custom-mcp-servers-at-head): the merge
// of the defaults with the project's and the session's custom servers, `disabled`, and
// `expand_env_vars` over every string.

const DEFAULTS: McpConfig = {
  jira: { command: 'mcp-atlassian', env: { JIRA_API_TOKEN: '${JIRA_API_TOKEN}' } },
  'google-workspace': { command: 'workspace-mcp', env: { USER_GOOGLE_EMAIL: '${USER_GOOGLE_EMAIL}' } }
}

const settings = (input: unknown): CustomMcpServers => customMcpServers.parse(input)

describe('mergeMcpServers', () => {
  it('adds the project\'s custom servers, then the session\'s; a later one of the same name wins, in the earlier one\'s place', () => {
    const project = settings({ custom: { tools: { type: 'http', url: 'https://project.example/mcp' }, jira: { command: 'project-jira' } } })
    const session = settings({ custom: { tools: { type: 'sse', url: 'https://session.example/sse' }, extra: { command: 'extra' } } })
    const merged = mergeMcpServers(DEFAULTS, project, session)
    expect([...merged.servers.keys()]).toEqual(['jira', 'google-workspace', 'tools', 'extra'])
    expect(merged.servers.get('tools')).toEqual({ origin: 'custom', config: { type: 'sse', url: 'https://session.example/sse', env: {} } })
    // A custom server that takes a default's name is the editor's, not the platform's.
    expect(merged.servers.get('jira')).toEqual({ origin: 'custom', config: { command: 'project-jira', env: {} } })
    expect(merged.servers.get('google-workspace')?.origin).toBe('platform')
    expect(merged.disabled).toEqual([])
  })

  it("removes every name either lists as disabled, custom or default, after the merge; a name that names nothing removes nothing", () => {
    const project = settings({ custom: { tools: { command: 'tools' } }, disabled: ['google-workspace'] })
    const session = settings({ disabled: ['tools', 'no-such-server'] })
    const merged = mergeMcpServers(DEFAULTS, project, session)
    expect([...merged.servers.keys()]).toEqual(['jira'])
    expect(merged.disabled).toEqual(['google-workspace', 'tools'])
  })

  it('keeps the defaults, all of them the platform\'s, when neither sets anything', () => {
    const merged = mergeMcpServers(DEFAULTS, null, null)
    expect([...merged.servers].map(([name, { origin }]) => [name, origin])).toEqual([
      ['jira', 'platform'],
      ['google-workspace', 'platform']
    ])
  })
})

describe('expandVars (expand_env_vars on one string)', () => {
  const env = new Map([
    ['GITHUB_TOKEN', 'ghp_alice'],
    ['EMPTY', '']
  ])

  it('expands ${VAR} from the env and ${VAR:-default} to the value when the variable is set', () => {
    expect(expandVars('Bearer ${GITHUB_TOKEN}', env)).toBe('Bearer ghp_alice')
    expect(expandVars('${GITHUB_TOKEN:-none}', env)).toBe('ghp_alice')
  })

  it('gives an unset variable its default, else nothing; a variable set to "" stays ""', () => {
    expect(expandVars('[${UNSET}]', env)).toBe('[]')
    expect(expandVars('[${UNSET:-fallback}]', env)).toBe('[fallback]')
    expect(expandVars('[${EMPTY:-fallback}]', env)).toBe('[]')
  })

  it('leaves a bare $VAR and what is not the pattern as written', () => {
    expect(expandVars('$GITHUB_TOKEN ${A:B} ${}', env)).toBe('$GITHUB_TOKEN ${A:B} ${}')
  })
})

describe('expandMcpServer', () => {
  it('expands every string (command, args, env, url, headers), never a name or the type', () => {
    const env = new Map([
      ['T', 'secret'],
      ['H', 'host.example']
    ])
    const server = { type: 'http' as const, command: 'run-${T}', args: ['--token', '${T}'], env: { '${T}': 'e=${T}' }, url: 'https://${H}/mcp?k=${T}', headers: { 'X-${T}': 'Bearer ${T}' } }
    expect(expandMcpServer(server, env)).toEqual({
      type: 'http',
      command: 'run-secret',
      args: ['--token', 'secret'],
      env: { '${T}': 'e=secret' },
      url: 'https://host.example/mcp?k=secret',
      headers: { 'X-${T}': 'Bearer secret' }
    })
  })

  it('adds no field a server does not have', () => {
    expect(expandMcpServer({ command: 'mcp-atlassian', env: { A: '${UNSET}' } }, new Map())).toEqual({ command: 'mcp-atlassian', env: { A: '' } })
  })
})

describe('serverStrings', () => {
  it('names each string by where it sits, env first', () => {
    expect(serverStrings({ type: 'http', command: 'c', args: ['a'], env: { K: 'v' }, url: 'u', headers: { Authorization: 'h' } })).toEqual([
      ['K', 'v'],
      ['command', 'c'],
      ['args[0]', 'a'],
      ['url', 'u'],
      ['headers.Authorization', 'h']
    ])
  })
})

describe('customMcpServers (the world key)', () => {
  it('needs a url for an http or sse server and a command for a stdio one', () => {
    expect(customMcpServers.safeParse({ custom: { a: { type: 'http' } } }).success).toBe(false)
    expect(customMcpServers.safeParse({ custom: { a: { args: ['x'] } } }).success).toBe(false)
    expect(customMcpServers.safeParse({ custom: { a: { type: 'sse', url: 'https://x/sse' }, b: { command: 'b' } } }).success).toBe(true)
  })

  it('refuses a field it does not know', () => {
    expect(customMcpServers.safeParse({ custom: { a: { command: 'a', cwd: '/' } } }).success).toBe(false)
  })
})

describe('expandVars', () => {
  it("empties an unset ${VAR} as expand_env_vars does, and keeps it as written as the credential registry's _expand_env_vars does", () => {
    const env = new Map([['SET', 'v'], ['EMPTY', '']])
    expect(expandVars('${SET}|${EMPTY}|${UNSET}|${UNSET:-d}|${EMPTY:-d}', env)).toBe('v|||d|')
    expect(expandVars('${SET}|${EMPTY}|${UNSET}|${UNSET:-d}|${EMPTY:-d}', env, 'keep')).toBe('v||${UNSET}|d|')
  })
})
