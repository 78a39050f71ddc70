import { nearest } from './nearest'
import { formatDuration, parseDuration } from './duration'

/** A tool call of the scripted agent (docs/scenarios.md#tool-lines): what one line of a turn's message asks for. */
export type ToolCall =
  | { tool: 'github.whoami' }
  | { tool: 'gitlab.whoami' }
  | { tool: 'jira.myself' }
  | { tool: 'google.whoami' }
  | { tool: 'coderabbit.whoami' }
  | { tool: 'gerrit.whoami' }
  | { tool: 'git.whoami' }
  | { tool: 'gh.whoami' }
  | { tool: 'kubectl.whoami' }
  | { tool: 'mcp.whoami'; server: string }
  | { tool: 'env.dump' }
  | { tool: 'fs.list'; path: string }
  | { tool: 'fs.read'; path: string }
  | { tool: 'refresh_credentials' }
  | { tool: 'sleep'; ms: number }
  | { tool: 'http'; method: string; url: string; headers: Array<[string, string]>; body?: string }
  | { tool: 'kube.secret'; name: string }
  /** What the runner's gRPC client does, with any plaintext: encrypt it with the pod's CP public key and ask the token server. */
  | { tool: 'cp.token'; plaintext: string }
  | { tool: 'fail'; message: string }
  /** A process the agent leaves running (`(sleep 10m; git push) &`): the call runs once `ms` of virtual time have passed. */
  | { tool: 'bg'; ms: number; call: ToolCall }

export type ScriptStep = { kind: 'tool'; call: ToolCall; line: number } | { kind: 'say'; text: string; line: number }

export interface ParsedScript {
  steps: ScriptStep[]
  errors: Array<{ line: number; message: string }>
}

const SIMPLE = ['github.whoami', 'gitlab.whoami', 'jira.myself', 'google.whoami', 'coderabbit.whoami', 'gerrit.whoami', 'git.whoami', 'gh.whoami', 'kubectl.whoami', 'env.dump', 'refresh_credentials'] as const
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']
/** A Secret's name is a DNS-1123 subdomain: lowercase labels joined by dots. */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** The tool names, for help texts and the composer's palette. */
export const TOOL_SYNTAX: ReadonlyArray<{ syntax: string; what: string }> = [
  { syntax: 'github.whoami', what: 'GET /user on GitHub with GITHUB_TOKEN of the worker (CLI) env' },
  { syntax: 'gitlab.whoami', what: 'GET /api/v4/user on GitLab with GITLAB_TOKEN of the worker env' },
  { syntax: 'jira.myself', what: 'Jira myself through the jira MCP server, with the token it was spawned with' },
  { syntax: 'google.whoami', what: 'Google tokeninfo through workspace-mcp, with the credentials file on disk' },
  { syntax: 'coderabbit.whoami', what: 'the CodeRabbit API with CODERABBIT_API_KEY of the worker env (HEAD)' },
  { syntax: 'gerrit.whoami', what: "Gerrit's accounts/self through the gerrit MCP server, with the config file it reads (HEAD)" },
  { syntax: 'git.whoami', what: 'a git push to GitHub: the credential helper reads the token file, else GITHUB_TOKEN of the worker env' },
  { syntax: 'gh.whoami', what: 'gh api user: the gh wrapper reads the token file, else GITHUB_TOKEN of the worker env' },
  { syntax: 'kubectl.whoami', what: 'kubectl auth whoami: a SelfSubjectReview with the kubeconfig KUBECONFIG of the worker env names (HEAD, control-plane bindings)' },
  { syntax: 'mcp.<server>.whoami', what: "the MCP server's upstream, with the credential in its env" },
  { syntax: 'env.dump', what: 'the runner process env now, printed as the agent sees it (redacted on its way to the browser)' },
  { syntax: 'fs.list [path]', what: 'files in the runner pod (default /workspace, /tmp and /root), with whose secrets each holds' },
  { syntax: 'fs.read <path>', what: 'cat a file of the runner pod, printed as the agent sees it (redacted on its way to the browser)' },
  { syntax: 'refresh_credentials', what: 'the refresh_credentials MCP tool: populate with the shared context as it is now' },
  { syntax: 'sleep <duration>', what: 'let virtual time pass (30s, 10m, 1h)' },
  { syntax: "http <METHOD> <url> [-H 'Name: value']... [-d body]", what: 'any request from inside the runner; ${VAR} expands from its env' },
  { syntax: 'kube.secret <name>', what: "GET a Secret of the pod's namespace from the Kubernetes API with the pod's BOT token; its keys decoded into /tmp/secrets/<name>/" },
  { syntax: 'cp.token [text]', what: "ask the control plane's token server for a token, as a control-plane pod does, with SESSION_ID or any text encrypted under AMBIENT_CP_TOKEN_PUBLIC_KEY; the token goes to /tmp/cp-token (HEAD)" },
  { syntax: 'fail [message]', what: 'the runner throws mid-turn' },
  { syntax: 'bg <duration> <tool line>', what: "a process left running in the background, with the worker's env: the tool line runs once that much virtual time has passed, in whatever turn that is" }
]

/** The first word of each tool line's syntax (`github.whoami`, `mcp.<server>.whoami`, `http`), as the tool list names them. */
export const TOOL_HEADS: readonly string[] = TOOL_SYNTAX.map((t) => t.syntax.split(' ')[0] ?? '')

/**
 * Reads a turn's message: each line that names a tool is a tool call, other lines are what the
 * user says. A line that starts like a tool but does not parse is an error, never chatter.
 */
export function parseToolScript(text: string): ParsedScript {
  const steps: ScriptStep[] = []
  const errors: ParsedScript['errors'] = []
  text.split('\n').forEach((raw, index) => {
    const line = index + 1
    const trimmed = raw.trim()
    if (!trimmed) return
    const parsed = parseToolLine(trimmed)
    if (parsed === null) steps.push({ kind: 'say', text: trimmed, line })
    else if (typeof parsed === 'string') errors.push({ line, message: parsed })
    else steps.push({ kind: 'tool', call: parsed, line })
  })
  return { steps, errors }
}

/** A ToolCall, an error message, or null when the line is not meant as a tool call. */
export function parseToolLine(line: string): ToolCall | string | null {
  const [head = '', ...rest] = line.split(/\s+/)
  const args = rest.join(' ')
  if ((SIMPLE as readonly string[]).includes(head)) {
    return args ? `${head} takes no arguments` : ({ tool: head } as ToolCall)
  }
  const mcp = /^mcp\.([a-z0-9][a-z0-9-]*)\.whoami$/.exec(head)
  if (mcp) return { tool: 'mcp.whoami', server: mcp[1] ?? '' }
  switch (head) {
    case 'fs.list':
      return { tool: 'fs.list', path: args || '/' }
    case 'fs.read':
      return args.startsWith('/') && !/\s/.test(args) ? { tool: 'fs.read', path: args } : `fs.read needs one absolute path such as /tmp/.ambient_github_token, not "${args}"`
    case 'sleep': {
      const ms = parseDuration(args)
      return ms === null ? `sleep needs a duration such as 30s, 10m or 1h, not "${args}"` : { tool: 'sleep', ms }
    }
    case 'fail':
      return { tool: 'fail', message: args || 'scripted failure' }
    case 'bg':
      return parseBackground(args)
    case 'cp.token':
      return /\s/.test(args) ? `cp.token takes one word to encrypt, not "${args}"` : { tool: 'cp.token', plaintext: args }
    case 'http':
      return parseHttp(args)
    case 'kube.secret':
      return args.length <= 253 && SECRET_NAME.test(args) ? { tool: 'kube.secret', name: args } : `kube.secret needs a Secret name such as ambient-runner-token-shared-1, not "${args}"`
  }
  if (/^(github|gitlab|jira|google|coderabbit|gerrit|git|gh|mcp|env|fs|kube|kubectl|cp)\./.test(head)) {
    // A letter or two off, else the one tool of the same family (`jira.whoami` → jira.myself).
    const family = TOOL_HEADS.filter((n) => n.startsWith(`${head.split('.')[0] ?? ''}.`))
    const near = nearest(head, TOOL_HEADS) ?? (family.length === 1 ? family[0] : null)
    return `unknown tool "${head}"${near ? ` (did you mean "${near}"?)` : ''}; tools are: ${TOOL_HEADS.join(', ')}`
  }
  return null
}

/** `bg <duration> <tool line>`: a tool that works on its own, so not sleep, fail or another bg. */
function parseBackground(args: string): ToolCall | string {
  const [duration = '', ...rest] = args.split(/\s+/)
  const ms = parseDuration(duration)
  if (ms === null) return `bg needs a duration and a tool line, such as "bg 10m git.whoami", not "${args}"`
  const call = parseToolLine(rest.join(' '))
  if (call === null || (typeof call !== 'string' && ['sleep', 'fail', 'bg'].includes(call.tool))) return `bg runs a tool line other than sleep, fail or bg, not "${rest.join(' ')}"`
  return typeof call === 'string' ? call : { tool: 'bg', ms, call }
}

function parseHttp(args: string): ToolCall | string {
  const words = shellWords(args)
  if (typeof words === 'string') return words
  const [method = '', url = '', ...options] = words
  if (!HTTP_METHODS.includes(method.toUpperCase())) return `http needs a method first (${HTTP_METHODS.join(', ')}), not "${method}"`
  if (!/^https?:\/\//.test(url) && !url.startsWith('${')) return `http needs an absolute http(s) URL, not "${url}"`
  const headers: Array<[string, string]> = []
  let body: string | undefined
  for (let i = 0; i < options.length; i++) {
    const option = options[i]
    const value = options[i + 1]
    if ((option === '-H' || option === '--header') && value !== undefined) {
      const colon = value.indexOf(':')
      if (colon <= 0) return `header "${value}" needs the form 'Name: value'`
      headers.push([value.slice(0, colon).trim(), value.slice(colon + 1).trim()])
      i++
    } else if ((option === '-d' || option === '--data') && value !== undefined) {
      body = value
      i++
    } else {
      return `unexpected "${option}" in http (use -H 'Name: value' and -d body)`
    }
  }
  return { tool: 'http', method: method.toUpperCase(), url, headers, ...(body === undefined ? {} : { body }) }
}

/** Splits words as a shell would for single- and double-quoted strings; no expansion. */
function shellWords(text: string): string[] | string {
  const words: string[] = []
  let current = ''
  let quote: '"' | "'" | null = null
  let inWord = false
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null
      else current += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += ch
      inWord = true
    }
  }
  if (quote) return `unterminated ${quote} quote`
  if (inWord) words.push(current)
  return words
}

/** The line that parses back to the call. */
export function formatToolCall(call: ToolCall): string {
  switch (call.tool) {
    case 'mcp.whoami':
      return `mcp.${call.server}.whoami`
    case 'fs.list':
      return call.path === '/' ? 'fs.list' : `fs.list ${call.path}`
    case 'fs.read':
      return `fs.read ${call.path}`
    case 'bg':
      return `bg ${formatDuration(call.ms)} ${formatToolCall(call.call)}`
    case 'cp.token':
      return call.plaintext ? `cp.token ${call.plaintext}` : 'cp.token'
    case 'sleep':
      return `sleep ${formatDuration(call.ms)}`
    case 'fail':
      return `fail ${call.message}`
    case 'kube.secret':
      return `kube.secret ${call.name}`
    case 'http': {
      const quote = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`
      const headers = call.headers.map(([k, v]) => ` -H ${quote(`${k}: ${v}`)}`).join('')
      return `http ${call.method} ${call.url}${headers}${call.body === undefined ? '' : ` -d ${quote(call.body)}`}`
    }
    default:
      return call.tool
  }
}
