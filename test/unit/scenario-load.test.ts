import { describe, expect, it } from 'vitest'
import { countedFromOne, parseScenario, ScenarioError } from '../../src/main/scenarios/load'

// A scenario with a typo must fail with one line naming the file, the line and column of the
// typo, and what was expected; QA fixes the file from that line alone.

interface Position {
  line: number
  column: number
  detail: string
}

function errorOf(source: string, file = 'typo.yaml'): Position {
  try {
    parseScenario(file, source)
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error
    expect(error.file).toBe(file)
    expect(error.message).toBe(`${file}:${error.line}:${error.column}: ${error.detail}`)
    expect(error.message).not.toContain('\n')
    return { line: error.line, column: error.column, detail: error.detail }
  }
  throw new Error('the scenario loaded, but it has a typo')
}

/** Lines joined with newlines, so each case shows the file as it would be written. */
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`

describe('parseScenario on a valid file', () => {
  it('returns the spec with defaults and the line of every step', () => {
    const loaded = parseScenario(
      'ok.yaml',
      yaml('scenario: ok', 'steps:', '  - turn:', '      as: bob', '      tools: [github.whoami]', '  - advance: 10m', '  - advance: { by: 1h, swept: [demo/shared-1] }')
    )
    expect(loaded.stepLines).toEqual([3, 6, 7])
    expect(loaded.spec.steps[0]).toEqual({ turn: { as: 'bob', tools: ['github.whoami'], expect: { leaks: 'none' } } })
    expect(loaded.spec['start-faults']).toEqual([])
  })
})

describe('parseScenario error positions', () => {
  it('points at a misspelt expectation key and suggests the right one', () => {
    const source = yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '      tools: [github.whoami]', '      expect:', '        acted_as: { github.whoami: bob }')
    expect(errorOf(source)).toEqual({ line: 7, column: 9, detail: 'step 1, turn.expect: unknown key "acted_as" (did you mean "acted-as"?)' })
  })

  it('points at a misspelt step kind and lists the kinds', () => {
    const source = yaml('scenario: x', 'steps:', '  - turn: { as: bob }', '  - trun:', '      as: alice')
    expect(errorOf(source)).toEqual({
      line: 4,
      column: 5,
      detail: 'step 2: unknown step "trun" (did you mean "turn"?); a step is one of turn, parallel, advance, token, bot-token, request, fault, clear-fault'
    })
  })

  it('points at a misspelt top-level key rather than at the key it left missing', () => {
    expect(errorOf(yaml('scenario: x', 'stpes:', '  - turn: { as: bob }'))).toEqual({ line: 2, column: 1, detail: 'scenario: unknown key "stpes" (did you mean "steps"?)' })
  })

  it('points at a misspelt required key inside a step', () => {
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      az: bob'))).toEqual({ line: 4, column: 7, detail: 'step 1, turn: unknown key "az" (did you mean "as"?)' })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - request:', '      pth: credentials/github'))).toMatchObject({ line: 4, column: 7, detail: expect.stringContaining('"pth" (did you mean "path"?)') as unknown })
  })

  it('points at a misspelt key inside a parallel branch', () => {
    const source = yaml('scenario: x', 'steps:', '  - parallel:', '      - turn: { as: bob }', '      - turn:', '          as: alice', '          expect: { acted_as: { github.whoami: alice } }')
    expect(errorOf(source)).toEqual({ line: 7, column: 21, detail: 'step 1, parallel.2.turn.expect: unknown key "acted_as" (did you mean "acted-as"?)' })
  })

  it('points at a tool line that names an unknown tool', () => {
    const source = yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '      tools:', '        - github.whoami', '        - github.whoamii')
    const error = errorOf(source)
    expect(error).toMatchObject({ line: 7, column: 11 })
    expect(error.detail).toMatch(/^step 1, turn\.tools\.2: unknown tool "github\.whoamii" \(did you mean "github\.whoami"\?\); tools are: /)
  })

  it('points at an http tool line with a broken header, inside a flow sequence', () => {
    const source = yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', `      tools: [env.dump, "http GET https://x.example/ -H 'broken'"]`)
    expect(errorOf(source)).toEqual({ line: 5, column: 25, detail: `step 1, turn.tools.2: header "broken" needs the form 'Name: value'` })
  })

  it('points at a tool line of a parallel branch', () => {
    const source = yaml('scenario: x', 'steps:', '  - parallel:', '      - turn: { as: bob }', '      - turn:', '          as: alice', '          tools: ["sleep forever"]')
    expect(errorOf(source)).toEqual({ line: 7, column: 19, detail: 'step 1, parallel.2.turn.tools.1: sleep needs a duration such as 30s, 10m or 1h, not "forever"' })
  })

  it('points at a bad duration in both forms of advance', () => {
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn: { as: bob }', '  - advance: 10 minutes'))).toEqual({
      line: 4,
      column: 14,
      detail: 'step 2, advance: expected a duration such as 90s, 10m or 1h, got "10 minutes"'
    })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - advance:', '      by: 1hour'))).toEqual({
      line: 4,
      column: 11,
      detail: 'step 1, advance.by: expected a duration such as 90s, 10m or 1h, got "1hour"'
    })
  })

  it('points at a value of the wrong type or outside its choices', () => {
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '      expect:', '        status: "two hundred"'))).toMatchObject({ line: 6, column: 17 })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '      expect:', '        leaks: some'))).toMatchObject({ line: 6, column: 16, detail: expect.stringContaining('step 1, turn.expect.leaks') as unknown })
    expect(errorOf(yaml('scenario: x', 'seed: -3', 'steps:', '  - turn: { as: bob }'))).toMatchObject({ line: 2, column: 7, detail: expect.stringMatching(/^seed: /) as unknown })
    expect(errorOf(yaml('scenario: Bad_Name', 'steps:', '  - turn: { as: bob }'))).toEqual({ line: 1, column: 11, detail: 'scenario: a lowercase slug' })
  })

  it('points at the flaw id that does not exist, inside a list or alone, and names the closest', () => {
    expect(errorOf(yaml('scenario: x', 'flaw: [r2-no-turn-lock, r2-no-turn-lok]', 'steps:', '  - turn: { as: bob }'))).toEqual({ line: 2, column: 25, detail: 'flaw.2: unknown flaw "r2-no-turn-lok"; did you mean r2-no-turn-lock? (credscope flaws lists them)' })
    expect(errorOf(yaml('scenario: x', 'flaw: h88', 'steps:', '  - turn: { as: bob }'))).toEqual({ line: 2, column: 7, detail: 'flaw: unknown flaw "h88" (credscope flaws lists them)' })
    expect(errorOf(yaml('scenario: x', 'with-flaws: [r17-google]', 'steps:', '  - turn: { as: bob }'))).toEqual({ line: 2, column: 14, detail: 'with-flaws.1: unknown flaw "r17-google"; did you mean r17-google-refresh-failure-401? (credscope flaws lists them)' })
  })

  it('reads a short flaw id, as the app shows it, as the flaw', () => {
    const loaded = parseScenario('x.yaml', yaml('scenario: x', 'flaw: r12', 'with-flaws: [H10, r9b]', 'steps:', '  - turn: { as: bob }'))
    expect([loaded.spec.flaw, loaded.spec['with-flaws']]).toEqual([['r12-mcp-credentials-owner-only'], ['h10-refused-provider-fails-turn', 'r9b-backend-host-allowlist-broad']])
  })

  it('points at a fault that does not exist and lists the faults', () => {
    const error = errorOf(yaml('scenario: x', 'steps:', '  - fault: keychain-lockd'))
    expect(error).toMatchObject({ line: 3, column: 12 })
    expect(error.detail).toContain('keychain-locked')
  })

  it('points at a step with two kinds or none', () => {
    const message = 'a step has exactly one of turn, parallel, advance, token, bot-token, request, fault, clear-fault'
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn: { as: bob }', '    advance: 1m'))).toEqual({ line: 3, column: 5, detail: `step 1: ${message}` })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn'))).toEqual({ line: 3, column: 5, detail: `step 1: ${message}` })
  })

  it('points at steps when there are none', () => {
    expect(errorOf(yaml('scenario: x', 'steps: []'))).toEqual({ line: 2, column: 8, detail: 'steps: expected at least one step' })
  })

  it('says a file that is not a mapping is not a scenario', () => {
    for (const source of ['', '- a\n- b\n', 'just text\n']) expect(errorOf(source)).toEqual({ line: 1, column: 1, detail: 'expected a scenario: a mapping with scenario and steps' })
  })

  it('points at invalid YAML: a bad indent, a tab, a stray bracket, an open quote, a duplicate key', () => {
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '     tools: [a]'))).toMatchObject({ line: 5, detail: 'not valid YAML: this line does not line up with the keys above it' })
    expect(errorOf(yaml('scenario: x', 'steps:', '\t- turn: { as: bob }'))).toMatchObject({ line: 3, column: 1, detail: 'not valid YAML: a tab in the indentation; YAML indents with spaces' })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn: { as: bob, tools: [x]', '  - advance: 1m'))).toMatchObject({ line: 4, detail: 'not valid YAML: a { or [ opened before this line is not closed, or the next line is not indented under it' })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn: { as: bob, expect: { logs: { contains: [a: b: c] } } }'))).toMatchObject({ line: 3, detail: expect.stringMatching(/^not valid YAML: /) as unknown })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '      tools: [github.whoami]]'))).toMatchObject({ line: 5, column: 29, detail: expect.stringMatching(/^not valid YAML: /) as unknown })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      as: "bob'))).toMatchObject({ detail: expect.stringMatching(/^not valid YAML: Missing closing "quote/) as unknown })
    expect(errorOf(yaml('scenario: x', 'steps:', '  - turn:', '      as: bob', '      as: alice'))).toEqual({ line: 5, column: 7, detail: 'not valid YAML: this key appears twice in the same mapping' })
  })
})

describe('countedFromOne', () => {
  it.each([
    ['steps.0.turn.tools.1: unknown tool', 'step 1, turn.tools.2: unknown tool'],
    ['steps.3: unknown step "trun"', 'step 4: unknown step "trun"'],
    ['steps.0.turn.expect.acted-as.github.whoami: "bobb" is nobody', 'step 1, turn.expect.acted-as.github.whoami: "bobb" is nobody'],
    ['steps.0.turn.expect.credentials.mcp:doc: no credential', 'step 1, turn.expect.credentials.mcp:doc: no credential'],
    ['world.projects.0.sessions.2.owner: no user', 'world.projects.1.sessions.3.owner: no user'],
    ['with-flaws.0: unknown flaw', 'with-flaws.1: unknown flaw'],
    ['not valid YAML: this key appears twice in the same mapping', 'not valid YAML: this key appears twice in the same mapping'],
    ['expected a scenario', 'expected a scenario']
  ])('%s', (message, shown) => {
    expect(countedFromOne(message)).toBe(shown)
  })
})
