import { describe, expect, it } from 'vitest'
import { formatToolCall, parseToolLine, parseToolScript, TOOL_SYNTAX, type ToolCall } from '../../src/shared/tools'

// The scripted agent's grammar: every line a scenario or the composer writes goes through it, so
// each accepted form must format back to itself and each rejected form must say what was wrong.

function call(line: string): ToolCall {
  const parsed = parseToolLine(line)
  if (parsed === null || typeof parsed === 'string') throw new Error(`"${line}" did not parse: ${String(parsed)}`)
  return parsed
}

function problem(line: string): string {
  const parsed = parseToolLine(line)
  if (typeof parsed !== 'string') throw new Error(`"${line}" was expected to be an error, got ${JSON.stringify(parsed)}`)
  return parsed
}

describe('parseToolLine', () => {
  it('reads every simple tool as a call with no arguments', () => {
    for (const tool of ['github.whoami', 'gitlab.whoami', 'jira.myself', 'google.whoami', 'env.dump', 'refresh_credentials'] as const) {
      expect(parseToolLine(tool)).toEqual({ tool })
    }
  })

  it('reads mcp.<server>.whoami with the server name', () => {
    expect(parseToolLine('mcp.docs.whoami')).toEqual({ tool: 'mcp.whoami', server: 'docs' })
    expect(parseToolLine('mcp.team-wiki2.whoami')).toEqual({ tool: 'mcp.whoami', server: 'team-wiki2' })
  })

  it('reads fs.list with a path, and with none as the root', () => {
    expect(parseToolLine('fs.list /workspace')).toEqual({ tool: 'fs.list', path: '/workspace' })
    expect(parseToolLine('fs.list')).toEqual({ tool: 'fs.list', path: '/' })
  })

  it('reads sleep with a duration in milliseconds', () => {
    expect(parseToolLine('sleep 30s')).toEqual({ tool: 'sleep', ms: 30_000 })
    expect(parseToolLine('sleep 1h30m')).toEqual({ tool: 'sleep', ms: 5_400_000 })
  })

  it('reads fail with its message, or a default one', () => {
    expect(parseToolLine('fail the disk is full')).toEqual({ tool: 'fail', message: 'the disk is full' })
    expect(parseToolLine('fail')).toEqual({ tool: 'fail', message: 'scripted failure' })
  })

  it('reads an http line with the method upper-cased, headers split at the first colon, and a body', () => {
    expect(call(`http post https://api.example.com/x -H 'Authorization: Bearer \${BOT_TOKEN}' -H "X-Url: http://a:1/b" -d '{"a": 1}'`)).toEqual({
      tool: 'http',
      method: 'POST',
      url: 'https://api.example.com/x',
      headers: [
        ['Authorization', 'Bearer ${BOT_TOKEN}'],
        ['X-Url', 'http://a:1/b']
      ],
      body: '{"a": 1}'
    })
  })

  it('accepts the long option names --header and --data', () => {
    expect(call(`http PUT https://x.example/ --header 'A: b' --data hello`)).toEqual({ tool: 'http', method: 'PUT', url: 'https://x.example/', headers: [['A', 'b']], body: 'hello' })
  })

  it('accepts a URL that is an env variable to be expanded inside the runner', () => {
    expect(call('http GET ${BACKEND_API_URL}/projects')).toMatchObject({ url: '${BACKEND_API_URL}/projects' })
  })

  it('joins adjacent quoted and unquoted pieces into one word, as a shell does', () => {
    expect(call(`http GET https://x.example/ -H 'X-A: it'"'"'s'`)).toMatchObject({ headers: [['X-A', "it's"]] })
  })

  it('reads kube.secret with the Secret name', () => {
    expect(parseToolLine('kube.secret ambient-runner-token-shared-1')).toEqual({ tool: 'kube.secret', name: 'ambient-runner-token-shared-1' })
    expect(parseToolLine('kube.secret ambient-non-vertex-integrations')).toEqual({ tool: 'kube.secret', name: 'ambient-non-vertex-integrations' })
    expect(parseToolLine('kube.secret tls.example.com')).toEqual({ tool: 'kube.secret', name: 'tls.example.com' })
  })

  it('returns null for a line that is chatter, not a tool call', () => {
    for (const line of ['please check my github', 'whoami', 'http-ish talk', 'sleeping now']) expect(parseToolLine(line)).toBeNull()
  })
})

describe('parseToolLine error messages', () => {
  it('refuses arguments to a tool that takes none', () => {
    expect(problem('github.whoami now')).toBe('github.whoami takes no arguments')
    expect(problem('refresh_credentials all')).toBe('refresh_credentials takes no arguments')
  })

  it('names an unknown tool of a known family and lists the tools', () => {
    const message = problem('github.whoamii')
    expect(message).toMatch(/^unknown tool "github\.whoamii" \(did you mean "github\.whoami"\?\); tools are: /)
    for (const { syntax } of TOOL_SYNTAX) expect(message).toContain(syntax.split(' ')[0])
    expect(problem('mcp.Docs.whoami')).toMatch(/^unknown tool "mcp\.Docs\.whoami"/)
    expect(problem('env.print')).toMatch(/^unknown tool "env\.print"/)
    expect(problem('fs.cat /etc/passwd')).toMatch(/^unknown tool "fs\.cat"/)
    expect(problem('fs.read etc/passwd')).toBe('fs.read needs one absolute path such as /tmp/.ambient_github_token, not "etc/passwd"')
  })

  it('refuses kube.secret without a Secret name Kubernetes would take', () => {
    const refused = (name: string): string => `kube.secret needs a Secret name such as ambient-runner-token-shared-1, not "${name}"`
    for (const name of ['', 'Runner-Token', 'a..b', '../etc', '-x', 'x-', 'a b', 'x'.repeat(254)]) expect(problem(`kube.secret ${name}`.trim())).toBe(refused(name))
    expect(problem('kube.secrets x')).toMatch(/^unknown tool "kube\.secrets" \(did you mean "kube\.secret"\?\); tools are: .*kube\.secret/)
  })

  it('refuses sleep without a valid duration', () => {
    expect(problem('sleep forever')).toBe('sleep needs a duration such as 30s, 10m or 1h, not "forever"')
    expect(problem('sleep')).toBe('sleep needs a duration such as 30s, 10m or 1h, not ""')
  })

  it('refuses http without a known method', () => {
    expect(problem('http FETCH https://x.example/')).toBe('http needs a method first (GET, POST, PUT, PATCH, DELETE, HEAD), not "FETCH"')
    expect(problem('http')).toBe('http needs a method first (GET, POST, PUT, PATCH, DELETE, HEAD), not ""')
  })

  it('refuses http with a relative or missing URL', () => {
    expect(problem('http GET /api/projects')).toBe('http needs an absolute http(s) URL, not "/api/projects"')
    expect(problem('http GET ftp://x.example/')).toBe('http needs an absolute http(s) URL, not "ftp://x.example/"')
    expect(problem('http GET')).toBe('http needs an absolute http(s) URL, not ""')
  })

  it('refuses a header without a name before its colon', () => {
    expect(problem(`http GET https://x.example/ -H 'broken'`)).toBe(`header "broken" needs the form 'Name: value'`)
    expect(problem(`http GET https://x.example/ -H ': value'`)).toBe(`header ": value" needs the form 'Name: value'`)
  })

  it('refuses an unknown option and an option without its value', () => {
    expect(problem('http GET https://x.example/ -X POST')).toBe(`unexpected "-X" in http (use -H 'Name: value' and -d body)`)
    expect(problem('http GET https://x.example/ -H')).toBe(`unexpected "-H" in http (use -H 'Name: value' and -d body)`)
    expect(problem('http GET https://x.example/ -d')).toBe(`unexpected "-d" in http (use -H 'Name: value' and -d body)`)
  })

  it('refuses an unterminated quote of either kind', () => {
    expect(problem(`http GET https://x.example/ -H 'A: b`)).toBe("unterminated ' quote")
    expect(problem('http GET https://x.example/ -d "x')).toBe('unterminated " quote')
  })
})

describe('parseToolScript', () => {
  it('numbers lines from 1, skips blank ones, and keeps chatter as what the user says', () => {
    const script = parseToolScript('hello there\n\n  github.whoami  \nsleep 10m\n')
    expect(script.errors).toEqual([])
    expect(script.steps).toEqual([
      { kind: 'say', text: 'hello there', line: 1 },
      { kind: 'tool', call: { tool: 'github.whoami' }, line: 3 },
      { kind: 'tool', call: { tool: 'sleep', ms: 600_000 }, line: 4 }
    ])
  })

  it('collects every broken tool line as an error with its line, never as chatter', () => {
    const script = parseToolScript('github.whoami\nsleep soon\nok then\nhttp GET nowhere')
    expect(script.steps.map((s) => s.line)).toEqual([1, 3])
    expect(script.errors).toEqual([
      { line: 2, message: 'sleep needs a duration such as 30s, 10m or 1h, not "soon"' },
      { line: 4, message: 'http needs an absolute http(s) URL, not "nowhere"' }
    ])
  })
})

describe('formatToolCall', () => {
  const calls: ToolCall[] = [
    { tool: 'github.whoami' },
    { tool: 'gitlab.whoami' },
    { tool: 'jira.myself' },
    { tool: 'google.whoami' },
    { tool: 'env.dump' },
    { tool: 'refresh_credentials' },
    { tool: 'mcp.whoami', server: 'docs' },
    { tool: 'fs.list', path: '/' },
    { tool: 'fs.list', path: '/workspace/.google_workspace_mcp' },
    { tool: 'sleep', ms: 90_000 },
    { tool: 'sleep', ms: 3_600_000 },
    { tool: 'sleep', ms: 1_500 },
    { tool: 'fail', message: 'boom mid-turn' },
    { tool: 'kube.secret', name: 'ambient-runner-token-shared-1' },
    { tool: 'http', method: 'GET', url: 'https://x.example/a?b=c', headers: [] },
    {
      tool: 'http',
      method: 'POST',
      url: '${BACKEND_API_URL}/projects/demo/agentic-sessions/shared-1/credentials/github',
      headers: [
        ['Authorization', 'Bearer ${BOT_TOKEN}'],
        ['X-Runner-Current-User', 'alice'],
        ['X-Note', `it's "quoted"`]
      ],
      body: `{"who": "bob's"}`
    },
    { tool: 'http', method: 'DELETE', url: 'https://x.example/', headers: [], body: '' }
  ]

  it.each(calls.map((c) => [formatToolCall(c), c] as const))('parses "%s" back to the call it was made from', (line, original) => {
    expect(parseToolLine(line)).toEqual(original)
    expect(formatToolCall(call(line))).toBe(line)
  })

  it('writes the root listing as a bare fs.list and a whole-minute sleep in minutes', () => {
    expect(formatToolCall({ tool: 'fs.list', path: '/' })).toBe('fs.list')
    expect(formatToolCall({ tool: 'sleep', ms: 600_000 })).toBe('sleep 10m')
  })

  it('single-quotes header and body values so the shell-word reader keeps them whole', () => {
    expect(formatToolCall({ tool: 'http', method: 'GET', url: 'https://x.example/', headers: [['A', "b'c"]], body: 'x y' })).toBe(`http GET https://x.example/ -H 'A: b'"'"'c' -d 'x y'`)
  })
})

describe('bg: a process left running', () => {
  it('takes a duration and a tool line, and writes itself back the same', () => {
    const call = parseToolLine('bg 10m git.whoami')
    expect(call).toEqual({ tool: 'bg', ms: 600_000, call: { tool: 'git.whoami' } })
    expect(formatToolCall(call as ToolCall)).toBe('bg 10m git.whoami')
    expect(parseToolLine('bg 1h fs.read /tmp/.ambient_github_token')).toEqual({ tool: 'bg', ms: 3_600_000, call: { tool: 'fs.read', path: '/tmp/.ambient_github_token' } })
  })

  it.each([
    ['bg', 'bg needs a duration and a tool line, such as "bg 10m git.whoami", not ""'],
    ['bg soon git.whoami', 'bg needs a duration and a tool line, such as "bg 10m git.whoami", not "soon git.whoami"'],
    ['bg 10m', 'bg runs a tool line other than sleep, fail or bg, not ""'],
    ['bg 10m hello there', 'bg runs a tool line other than sleep, fail or bg, not "hello there"'],
    ['bg 10m sleep 5m', 'bg runs a tool line other than sleep, fail or bg, not "sleep 5m"'],
    ['bg 10m fail now', 'bg runs a tool line other than sleep, fail or bg, not "fail now"'],
    ['bg 10m bg 5m git.whoami', 'bg runs a tool line other than sleep, fail or bg, not "bg 5m git.whoami"'],
    ['bg 10m fs.read tmp', 'fs.read needs one absolute path such as /tmp/.ambient_github_token, not "tmp"']
  ])('refuses %s', (line, message) => {
    expect(parseToolLine(line)).toBe(message)
  })
})
