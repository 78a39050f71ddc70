import { describe, expect, it } from 'vitest'
import { collectFromEnv, MIDDLEWARE_ENV_VARS, redactEvent, redactText, redactValue, type Secret } from '../../src/main/runner/event-redaction'
import { HeldSecrets } from '../../src/main/runner/held-secrets'

// HEAD's secret_redaction_middleware and redact_secrets, case for case with the platform's own
// tests (tests/test_secret_redaction.py at 0b59fe7de), and where it stops.
const SECRET: Secret[] = [{ value: 'supersecretvalue123', label: '[REDACTED_TEST_SECRET]' }]

describe('collecting the values (_collect_secret_values)', () => {
  it('takes the listed vars of 8 characters or more, stripped, longest first', () => {
    const env = new Map([
      ['GITHUB_TOKEN', ' ghp_short12 '],
      ['GITLAB_TOKEN', 'glpat-a-much-longer-value'],
      ['JIRA_API_TOKEN', 'short'],
      ['ANTHROPIC_API_KEY', ''],
      ['CODERABBIT_API_KEY', 'cr-not-on-the-list-at-all']
    ])
    expect(collectFromEnv(env, MIDDLEWARE_ENV_VARS)).toEqual([
      { value: 'glpat-a-much-longer-value', label: '[REDACTED_GITLAB_TOKEN]' },
      { value: 'ghp_short12', label: '[REDACTED_GITHUB_TOKEN]' }
    ])
  })

  it('lists exactly the eleven vars of the middleware, without CODERABBIT_API_KEY, AGUI_TOKEN or MCP_*', () => {
    expect([...MIDDLEWARE_ENV_VARS]).toEqual([
      'ANTHROPIC_API_KEY',
      'BOT_TOKEN',
      'GITHUB_TOKEN',
      'GITLAB_TOKEN',
      'JIRA_API_TOKEN',
      'GEMINI_API_KEY',
      'GOOGLE_API_KEY',
      'GOOGLE_OAUTH_CLIENT_SECRET',
      'LANGFUSE_SECRET_KEY',
      'LANGFUSE_PUBLIC_KEY',
      'LANGSMITH_API_KEY'
    ])
  })
})

describe('redacting text (_redact_text, redact_secrets)', () => {
  it('replaces each value by its label, then the token patterns', () => {
    const pat = `ghp_${'a'.repeat(36)}`
    expect(redactText(`key supersecretvalue123 and ${pat}`, SECRET)).toBe('key [REDACTED_TEST_SECRET] and gh*_***REDACTED***')
  })

  it.each([
    [`sk-ant-${'x'.repeat(30)}`, 'sk-ant-***REDACTED***'],
    [`pk-lf-${'x'.repeat(10)}`, 'pk-lf-***REDACTED***'],
    [`sk-lf-${'x'.repeat(10)}`, 'sk-lf-***REDACTED***'],
    ['https://x-access-token:abc123@github.com/o/r', 'https://***REDACTED***@github.com/o/r'],
    ['oauth2:glpat-abc@gitlab.com', 'oauth2:***REDACTED***@gitlab.com'],
    ['https://user:pass@host/x', 'https://***REDACTED***@host/x'],
    [`AIza${'B'.repeat(30)}`, 'AIza***REDACTED***'],
    ['BOT_TOKEN=abc.def', 'BOT_TOKEN=***REDACTED***'],
    ['GIT_TOKEN = xyz', 'GIT_TOKEN=***REDACTED***']
  ])('masks %s by its pattern', (text, masked) => {
    expect(redactText(text, [])).toBe(masked)
  })

  it('leaves what matches no value and no pattern: a CodeRabbit key, a Google access token, a JWT', () => {
    const text = 'CODERABBIT_API_KEY=cr-1234567890abcdef ya29.a0AfB_byC-token eyJhbGciOiJFUzI1NiJ9.e30.sig'
    expect(redactText(text, [])).toBe(text)
  })
})

describe('redacting events (_redact_event)', () => {
  it.each(['TEXT_MESSAGE_CONTENT', 'TEXT_MESSAGE_CHUNK', 'TOOL_CALL_ARGS', 'TOOL_CALL_CHUNK'])('scrubs the delta of %s', (type) => {
    expect(redactEvent({ type, delta: 'supersecretvalue123!' }, SECRET)).toEqual({ type, delta: '[REDACTED_TEST_SECRET]!' })
  })

  it('scrubs the content of TOOL_CALL_RESULT, the message of RUN_ERROR and the value of CUSTOM, at any depth', () => {
    expect(redactEvent({ type: 'TOOL_CALL_RESULT', content: 'x supersecretvalue123' }, SECRET)).toEqual({ type: 'TOOL_CALL_RESULT', content: 'x [REDACTED_TEST_SECRET]' })
    expect(redactEvent({ type: 'RUN_ERROR', message: 'supersecretvalue123' }, SECRET)).toEqual({ type: 'RUN_ERROR', message: '[REDACTED_TEST_SECRET]' })
    expect(redactEvent({ type: 'CUSTOM', value: { a: ['ok', { supersecretvalue123: 'supersecretvalue123' }] } }, SECRET)).toEqual({
      type: 'CUSTOM',
      value: { a: ['ok', { '[REDACTED_TEST_SECRET]': '[REDACTED_TEST_SECRET]' }] }
    })
  })

  it('passes every other event type unchanged: MESSAGES_SNAPSHOT keeps the tool result whole', () => {
    const snapshot = { type: 'MESSAGES_SNAPSHOT', messages: [{ id: 'm', role: 'tool', content: 'supersecretvalue123' }] }
    expect(redactEvent(snapshot, SECRET)).toBe(snapshot)
    const end = { type: 'TOOL_CALL_END', toolCallId: 'supersecretvalue123' }
    expect(redactEvent(end, SECRET)).toBe(end)
  })

  it('leaves a delta or message that is not text as it is', () => {
    expect(redactEvent({ type: 'TOOL_CALL_ARGS', delta: null }, SECRET)).toEqual({ type: 'TOOL_CALL_ARGS', delta: null })
    expect(redactEvent({ type: 'RUN_ERROR', message: 42 }, SECRET)).toEqual({ type: 'RUN_ERROR', message: 42 })
  })

  it('keeps numbers, booleans and null in a value', () => {
    expect(redactValue([42, true, null, ['supersecretvalue123']], SECRET)).toEqual([42, true, null, ['[REDACTED_TEST_SECRET]']])
  })
})

describe('the secrets the runner holds (hardened)', () => {
  it('keeps the secret fields of a credential response at any depth, not the names, emails and URLs', () => {
    const held = new HeldSecrets()
    held.addFrom({ token: 'ghp_value_of_github', userName: 'alice-long-name', email: 'alice@example.com', instances: [{ httpToken: 'gerrit-http-token', url: 'https://gerrit.example.com', gitcookiesContent: 'cookie-jar-content' }] })
    held.addFrom({ apiToken: 'short', accessToken: ' ya29.google-access ', refreshToken: 'google-refresh-1', apiKey: 'cr-coderabbit-key' })
    expect([...held.all()].sort()).toEqual(['cookie-jar-content', 'cr-coderabbit-key', 'gerrit-http-token', 'ghp_value_of_github', 'google-refresh-1', 'ya29.google-access'])
  })
})
