import { readFile } from 'node:fs/promises'
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import { z } from 'zod'
import { parseDuration } from '../../shared/duration'
import { isProvider, PROVIDERS } from '../../shared/providers'
import { nearest } from '../../shared/nearest'
import { parseToolLine, TOOL_HEADS } from '../../shared/tools'
import { DEFAULT_WORLD } from '../world/default-world'
import { checkWorldReferences, worldSpec } from '../world/spec'
import { parseBundle, type Bundle } from './bundle'
import type { RecordedSchedule } from '../../shared/explore-view'
import { KEYWORDS, scenarioSpec, stepSpec, type RequestSpec, type ScenarioSpec, type TurnSpec } from './schema'

/** A scenario file that cannot be run: where and what was expected, as one line. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
    /** The line of the file with a caret under the column, for a reader; empty when there is none. */
    readonly excerpt = ''
  ) {
    super(`${file}:${line}:${column}: ${detail}`)
    this.name = 'ScenarioError'
  }
}

/**
 * A message's leading path (up to the first ": ") as reports count: `steps.0.turn.tools.1` is
 * `step 1, turn.tools.2`, every position from 1. Keys keep their dots (`acted-as.github.whoami`).
 */
export function countedFromOne(message: string): string {
  const end = message.indexOf(': ')
  if (end < 0) return message
  const path = message.slice(0, end).replace(/(^|\.)(\d+)(?=\.|$)/g, (_m, dot: string, n: string) => `${dot}${Number(n) + 1}`)
  const step = /^steps\.(\d+)(?:\.(.*))?$/.exec(path)
  const shown = step ? `step ${step[1] ?? ''}${step[2] ? `, ${step[2]}` : ''}` : path
  return `${shown}${message.slice(end)}`
}

/** `  5 |       tools: [...]` and a caret under the column, as compilers show a source position. */
function excerpt(source: string, line: number, column: number): string {
  const text = source.split('\n')[line - 1]
  if (text === undefined || text.trim() === '') return ''
  const gutter = `${line} | `
  return `${gutter}${text.replace(/\t/g, ' ')}\n${' '.repeat(gutter.length - 2)}| ${' '.repeat(Math.max(0, column - 1))}^`
}

/** The YAML parser's wording of the mistakes scenario authors make, said in theirs. */
function yamlInOurWords(code: string | undefined, message: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same mapping'
    case 'TAB_AS_INDENT':
      return 'a tab in the indentation; YAML indents with spaces'
    case 'BAD_INDENT':
      return message.startsWith('Flow') ? 'a { or [ opened before this line is not closed, or the next line is not indented under it' : 'this line does not line up with the keys above it'
    case 'BLOCK_IN_FLOW':
      return 'a "key: value" inside { } or [ ] needs quotes around a value that has ": " in it'
    default:
      return message
  }
}

export interface LoadedScenario {
  file: string
  source: string
  spec: ScenarioSpec
  /** The line of each step (and of each turn of a parallel step), for reports. */
  stepLines: number[]
  /** A bundle of `credscope explore`'s: the interleaving its run was made under, which a run of it enforces. */
  schedule?: RecordedSchedule
}

/** A tool's name, which an expectation may use for every call of it (`mcp.whoami`, `http`). */
const TOOL_NAMES: readonly string[] = [...TOOL_HEADS, 'mcp.whoami']

const STEP_KINDS = ['turn', 'parallel', 'advance', 'token', 'bot-token', 'request', 'fault', 'clear-fault'] as const

/** A scenario file, or a repro bundle (`.json`), whose embedded scenario is what runs. */
export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  let source: string
  try {
    source = await readFile(file, 'utf8')
  } catch (error) {
    throw new ScenarioError(file, 1, 1, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (!file.endsWith('.json')) return parseScenario(file, source)
  const bundle = parseBundle(source)
  if (typeof bundle === 'string') throw new ScenarioError(file, 1, 1, bundle)
  return scenarioOfBundle(file, bundle)
}

/** The scenario a bundle carries, its errors located as `<bundle>#<scenario file>:line:col`. */
export function scenarioOfBundle(bundleFile: string, bundle: Bundle): LoadedScenario {
  const loaded = parseScenario(`${bundleFile}#${bundle.scenario.file}`, bundle.scenario.source)
  return bundle.schedule ? { ...loaded, schedule: bundle.schedule } : loaded
}

/** Parses and validates a scenario; the first problem becomes a ScenarioError with its position. */
export function parseScenario(file: string, source: string): LoadedScenario {
  const lines = new LineCounter()
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number): { line: number; col: number } => lines.linePos(offset)
  const fail = (node: Node | null | undefined, message: string): never => {
    const pos = at(node?.range?.[0] ?? 0)
    throw new ScenarioError(file, pos.line, pos.col, countedFromOne(message), excerpt(source, pos.line, pos.col))
  }
  if (doc.errors.length > 0) {
    const error = doc.errors[0]
    const pos = at(error?.pos[0] ?? 0)
    throw new ScenarioError(file, pos.line, pos.col, `not valid YAML: ${yamlInOurWords(error?.code, (error?.message ?? '').split('\n')[0] ?? '')}`, excerpt(source, pos.line, pos.col))
  }
  const data: unknown = doc.toJS()
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(doc.contents, 'expected a scenario: a mapping with scenario and steps')
  const root = data as Record<string, unknown>
  const top = scenarioSpec.extend({ steps: z.array(z.unknown()) }).safeParse(root)
  if (!top.success) reportIssue(doc, fail, [], top.error)
  const steps = Array.isArray(root.steps) ? (root.steps as unknown[]) : []
  if (steps.length === 0) fail(nodeAt(doc, ['steps']) ?? doc.contents, 'steps: expected at least one step')
  const stepLines: number[] = []
  steps.forEach((step, i) => {
    const stepNode = nodeAt(doc, ['steps', i])
    stepLines.push(at(stepNode?.range?.[0] ?? 0).line)
    const keys = typeof step === 'object' && step !== null && !Array.isArray(step) ? Object.keys(step) : []
    const kind = keys[0]
    if (keys.length !== 1 || kind === undefined) {
      fail(stepNode, `steps.${i}: a step has exactly one of ${STEP_KINDS.join(', ')}`)
    }
    if (!(STEP_KINDS as readonly string[]).includes(kind as string)) {
      fail(keyNodeAt(doc, ['steps', i], kind as string) ?? stepNode, `steps.${i}: unknown step "${kind}"${didYouMean(kind as string, STEP_KINDS)}; a step is one of ${STEP_KINDS.join(', ')}`)
    }
    const parsed = stepSpec.safeParse(step)
    if (!parsed.success) reportIssue(doc, fail, ['steps', i], parsed.error, kind)
    checkStepValues(doc, fail, i, step as Record<string, unknown>)
  })
  const spec = scenarioSpec.parse(root)
  checkReferences(doc, fail, spec)
  return { file, source, spec, stepLines }
}

/**
 * Names that must exist in the scenario's world: users, API keys, ServiceAccounts and sessions a
 * step refers to, and the references inside the world itself. A typo here is a load error with
 * its position, not a crash halfway through the run.
 */
function checkReferences(doc: Document, fail: (node: Node | null | undefined, message: string) => never, spec: ScenarioSpec): void {
  const world = spec.world ?? worldSpec.parse(DEFAULT_WORLD)
  const problem = checkWorldReferences(world)
  if (problem) fail(nodeAt(doc, ['world', ...problem.path]) ?? keyNodeAt(doc, ['world', ...problem.path.slice(0, -1)], String(problem.path.at(-1))), `world.${problem.path.join('.')}: ${problem.message}`)
  const users = new Set(world.users.map((u) => u.id))
  const sessions = world.projects.flatMap((p) => p.sessions.map((s) => `${p.name}/${s.name}`))
  const keys = new Set(world.projects.flatMap((p) => p.apiKeys.map((k) => k.name)))
  const accounts = new Set(world.projects.flatMap((p) => p.serviceAccounts.map((a) => a.name)))
  const knownUser = (id: string): boolean => users.has(id)
  const checkSession = (ref: string | undefined, path: Array<string | number>): void => {
    if (ref === undefined) return
    const ok = ref.includes('/') ? sessions.includes(ref) : sessions.some((s) => s.endsWith(`/${ref}`))
    if (!ok) fail(nodeAt(doc, path), `${path.join('.')}: no session "${ref}" in the world (${sessions.join(', ')})`)
  }
  const checkTurn = (turn: TurnSpec, path: Array<string | number>): void => {
    const as = turn.as
    const user = typeof as === 'string' ? as : as.user
    if (typeof as === 'string' && as === 'scheduled') {
      // A schedule runs as the session's own ServiceAccount.
    } else if (typeof as === 'string' && as.startsWith('apikey:')) {
      if (!keys.has(as.slice(7))) fail(nodeAt(doc, [...path, 'as']), `${path.join('.')}.as: no API key "${as.slice(7)}" in the world`)
    } else if (!knownUser(user)) {
      fail(nodeAt(doc, [...path, 'as']), `${path.join('.')}.as: "${user}" is not one of the world's users (${[...users].join(', ')})`)
    }
    checkSession(turn.session, [...path, 'session'])
    checkExpectations(turn.expect, [...path, 'expect'])
  }
  // Whose credential an expectation names: a user, a project's token, nobody; `not <owner>` too.
  const projects = world.projects.map((p) => p.name)
  const owners = [...users, 'nobody', 'none', ...projects.flatMap((p) => [`project:${p}`, `project-${p}`])]
  const servers = new Set([...world.users.flatMap((u) => u.credentials.mcp), ...world.projects.flatMap((p) => p.sessions.flatMap((s) => s.mcpServers))])
  const checkOwner = (value: string, path: Array<string | number>): void => {
    const owner = value.replace(/^not /, '')
    if (!owners.includes(owner)) fail(nodeAt(doc, path), `${path.join('.')}: "${owner}" is nobody of this world${didYouMean(owner, [...users])}; owners are ${[...users].join(', ')}, nobody, project:<name>, or not <owner>`)
  }
  const checkExpectations = (expect: TurnSpec['expect'], path: Array<string | number>): void => {
    if (!expect) return
    for (const [slot, owner] of Object.entries(expect.credentials ?? {})) {
      const server = slot.startsWith('mcp:') ? slot.slice(4) : null
      if (server !== null ? !servers.has(server) : !isProvider(slot)) {
        const choices = [...PROVIDERS, ...[...servers].map((s) => `mcp:${s}`)]
        fail(keyNodeAt(doc, [...path, 'credentials'], slot), `${[...path, 'credentials', slot].join('.')}: no credential "${slot}" in this world${didYouMean(slot, choices)}; credentials are ${choices.join(', ')}`)
      }
      checkOwner(owner, [...path, 'credentials', slot])
    }
    for (const [server, owner] of Object.entries(expect['mcp-env-after'] ?? {})) checkOwner(owner, [...path, 'mcp-env-after', server])
    for (const key of ['acted-as', 'results'] as const) {
      for (const tool of Object.keys(expect[key] ?? {})) {
        const call = parseToolLine(tool)
        if (typeof call === 'string' && !TOOL_NAMES.includes(tool)) fail(keyNodeAt(doc, [...path, key], tool), `${[...path, key, tool].join('.')}: ${call}`)
      }
    }
    for (const [tool, owner] of Object.entries(expect['acted-as'] ?? {})) checkOwner(owner, [...path, 'acted-as', tool])
  }
  const checkRequest = (request: RequestSpec, path: Array<string | number>): void => {
    const as = request.as
    if (as.startsWith('apikey:') && !keys.has(as.slice(7))) fail(nodeAt(doc, [...path, 'as']), `${path.join('.')}.as: no API key "${as.slice(7)}" in the world`)
    else if (as.startsWith('sa:') && !accounts.has(as.slice(3))) fail(nodeAt(doc, [...path, 'as']), `${path.join('.')}.as: no ServiceAccount "${as.slice(3)}" in the world`)
    else if (!['none', 'bot'].includes(as) && !as.includes(':') && !knownUser(as)) fail(nodeAt(doc, [...path, 'as']), `${path.join('.')}.as: "${as}" is not one of the world's users, bot, apikey:<name>, sa:<name> or none`)
    checkSession(request.session, [...path, 'session'])
  }
  spec.steps.forEach((step, i) => {
    if ('turn' in step) checkTurn(step.turn, ['steps', i, 'turn'])
    if ('parallel' in step) {
      step.parallel.forEach((entry, p) => {
        if ('turn' in entry) checkTurn(entry.turn, ['steps', i, 'parallel', p, 'turn'])
        else checkRequest(entry.request, ['steps', i, 'parallel', p, 'request'])
      })
    }
    if ('request' in step) checkRequest(step.request, ['steps', i, 'request'])
    if ('bot-token' in step) checkSession(step['bot-token'].session, ['steps', i, 'bot-token', 'session'])
    if ('token' in step && !knownUser(step.token.user)) fail(nodeAt(doc, ['steps', i, 'token', 'user']), `steps.${i}.token.user: "${step.token.user}" is not one of the world's users`)
    const fault = 'fault' in step ? step.fault : 'clear-fault' in step ? step['clear-fault'] : null
    const key = 'fault' in step ? 'fault' : 'clear-fault'
    if (fault !== null) {
      const name = typeof fault === 'string' ? fault : fault.name
      const user = typeof fault === 'string' ? undefined : fault.user
      if (name === 'google-refresh' && !user) fail(nodeAt(doc, ['steps', i, key]), `steps.${i}.${key}: google-refresh needs the user whose refresh fails: { name: google-refresh, user: bob }`)
      if (user !== undefined && !knownUser(user)) fail(nodeAt(doc, ['steps', i, key, 'user']), `steps.${i}.${key}.user: "${user}" is not one of the world's users`)
      if (typeof fault !== 'string') checkSession(fault.session, ['steps', i, key, 'session'])
    }
  })
}

/** Tool lines and durations: strings the schema accepts that must also parse. */
function checkStepValues(doc: Document, fail: (node: Node | null | undefined, message: string) => never, i: number, step: Record<string, unknown>): void {
  const checkTurn = (turn: unknown, path: Array<string | number>): void => {
    if (typeof turn !== 'object' || turn === null) return
    const tools = (turn as { tools?: unknown }).tools
    if (!Array.isArray(tools)) return
    tools.forEach((tool, t) => {
      const parsed = parseToolLine(String(tool))
      if (parsed === null) fail(nodeAt(doc, [...path, 'tools', t]), `${path.join('.')}.tools.${t}: "${String(tool)}" is not a tool call`)
      if (typeof parsed === 'string') fail(nodeAt(doc, [...path, 'tools', t]), `${path.join('.')}.tools.${t}: ${parsed}`)
    })
  }
  if ('turn' in step) checkTurn(step.turn, ['steps', i, 'turn'])
  if ('parallel' in step && Array.isArray(step.parallel)) {
    step.parallel.forEach((entry: unknown, p) => checkTurn((entry as { turn?: unknown }).turn, ['steps', i, 'parallel', p, 'turn']))
  }
  if ('advance' in step) {
    const advance = step.advance
    const by = typeof advance === 'object' && advance !== null ? (advance as { by?: unknown }).by : advance
    const path = typeof advance === 'object' && advance !== null ? ['steps', i, 'advance', 'by'] : ['steps', i, 'advance']
    if (parseDuration(String(by)) === null) fail(nodeAt(doc, path), `${path.join('.')}: expected a duration such as 90s, 10m or 1h, got "${String(by)}"`)
  }
}

function reportIssue(
  doc: Document,
  fail: (node: Node | null | undefined, message: string) => never,
  prefix: Array<string | number>,
  error: z.ZodError,
  stepKind?: string
): never {
  const issue = pickIssue(error.issues, stepKind)
  const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')]
  const where = path.join('.') || 'scenario'
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    fail(keyNodeAt(doc, path, key) ?? nodeAt(doc, path), `${where}: unknown key "${key}"${didYouMean(key, KEYWORDS)}`)
  }
  const node = nodeAt(doc, path)
  const got = node && isScalar(node) ? `, got ${JSON.stringify(node.value)}` : ''
  fail(node ?? nodeAt(doc, path.slice(0, -1)), `${where}: ${inOurWords(issue, node)}${issue.code === 'invalid_type' ? got : ''}`)
}

/** zod's wording of the common mistakes, said as a scenario's author would need it. */
function inOurWords(issue: z.core.$ZodIssue, node: Node | null | undefined): string {
  // An unquoted `-H 'Accept: json'` or `Authorization: Bearer …` makes YAML read the line as a mapping.
  if (issue.code === 'invalid_type' && issue.expected === 'string' && isMap(node)) return 'a line with ": " in it reads as a mapping in YAML; put the whole line in quotes'
  if (issue.code === 'too_small' && issue.origin === 'array') return `needs at least ${String(issue.minimum)} entries`
  return issue.message.replace(/^Invalid input: /, '')
}

/** For a union (a step), the issues of the branch that matches the step's own key. */
function pickIssue(issues: z.core.$ZodIssue[], stepKind?: string): z.core.$ZodIssue {
  // A misspelt required key also shows as a missing one; only the unknown key points at the typo.
  const first = issues.find((i) => i.code === 'unrecognized_keys') ?? (issues[0] as z.core.$ZodIssue)
  if (first.code !== 'invalid_union' || !stepKind) return first
  for (const branch of first.errors) {
    const inner = branch.find((i) => i.code === 'unrecognized_keys' && i.path.length > 0) ?? branch[0]
    if (inner && !(inner.code === 'unrecognized_keys' && inner.path.length === 0) && inner.path[0] === stepKind) return inner
  }
  return first.errors.flat()[0] ?? first
}

function nodeAt(doc: Document, path: Array<string | number>): Node | null {
  let node: unknown = doc.contents
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment)
      node = pair?.value ?? null
    } else if (isSeq(node)) {
      node = typeof segment === 'number' ? (node.items[segment] ?? null) : null
    } else {
      return null
    }
  }
  return (node as Node | null) ?? null
}

function keyNodeAt(doc: Document, path: Array<string | number>, key: string): Node | null {
  const parent = nodeAt(doc, path)
  if (!isMap(parent)) return null
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key)
  return pair && isScalar(pair.key) ? pair.key : null
}

function didYouMean(word: string, choices: readonly string[]): string {
  const best = nearest(word, choices)
  if (best === word) return ' (that key is not allowed at this place)'
  return best ? ` (did you mean "${best}"?)` : ''
}
