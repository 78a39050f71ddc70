import { describe, expect, it } from 'vitest'
import { parseSdkOptions } from '../../src/main/runner/sdk-options'

function parse(raw: string): { options: Record<string, unknown>; logs: string[] } {
  const logs: string[] = []
  const options = parseSdkOptions(raw, 'PROMPT', (level, text) => logs.push(`${level}: ${text}`))
  return { options, logs }
}

describe("HEAD's SDK_OPTIONS (_parse_sdk_options)", () => {
  it('drops every key the platform controls with a warning each, and keeps the rest but nulls', () => {
    const { options, logs } = parse('{"env":{"GITHUB_TOKEN":"ghp_x"},"mcp_servers":{},"cli_path":"/tmp/evil","api_key":"k","cwd":"/","resume":"s","setting_sources":[],"stderr":1,"continue_conversation":true,"add_dirs":["/"],"model":"m","max_turns":3,"fork":null}')
    expect(options).toEqual({ model: 'm', max_turns: 3 })
    expect(logs.filter((l) => l.includes('is denied'))).toHaveLength(10)
    expect(logs).toContain("warning: SDK_OPTIONS key 'env' is denied — skipping")
    expect(logs.at(-1)).toBe('info: Applied 2 SDK option(s) from SDK_OPTIONS')
    expect(logs.join('\n')).not.toContain('ghp_x')
  })

  it('appends a system_prompt to the platform prompt under Custom Instructions, and skips a blank or non-text one', () => {
    expect(parse('{"system_prompt":"be brief"}').options).toEqual({ system_prompt: 'PROMPT\n\n## Custom Instructions\nbe brief' })
    for (const value of ['"  "', '5', 'null']) expect(parse(`{"system_prompt":${value}}`)).toEqual({ options: {}, logs: [] })
  })

  it('ignores what is empty, not JSON or no object, saying why', () => {
    expect(parse('   ')).toEqual({ options: {}, logs: [] })
    expect(parse('{nope').logs[0]).toMatch(/^warning: SDK_OPTIONS contains invalid JSON, ignoring: /)
    const kinds = ['[1]', '"s"', '7', '7.5', 'true', 'null'].map((raw) => parse(raw).logs[0])
    expect(kinds).toEqual(['list', 'str', 'int', 'float', 'bool', 'NoneType'].map((t) => `warning: SDK_OPTIONS must be a JSON object, got ${t} — ignoring`))
  })
})
