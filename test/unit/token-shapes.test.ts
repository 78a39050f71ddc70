import { describe, expect, it } from 'vitest'
import { Redactor } from '../../src/main/trace/redactor'
import { maskHeaderValue, maskTokenShapes, secretLabel } from '../../src/main/trace/token-shapes'
import { maskSecret } from '../../src/shared/mask'

// Secrets credscope never minted (a reviewer's own token, a cookie, the control token sent to the
// wrong listener) must not reach an event whole: whatever looks like a token is masked.

const RANDOM = 'Zq3vN8xKp2LmR7tYw4HcJ9bFd6GsA1eU0oIiVnQk' // 40 mixed-case characters with digits

describe('maskTokenShapes', () => {
  it.each([
    ['a GitHub token nobody seeded', `ghp_${RANDOM.slice(0, 36)}`],
    ['a JWT', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLWJ5dGVz'],
    ['a random bearer token', RANDOM],
    ['a base64url control token', 'T2h4aVc3Nm5xR0dqVnF6SzlyYjVQd0Rm']
  ])('masks %s wherever it sits in text', (_what, token) => {
    const text = `curl said: Authorization: Bearer ${token} and more`
    const masked = maskTokenShapes(text)
    expect(masked).not.toContain(token)
    expect(masked).toContain(maskSecret(token))
  })

  it('masks credential query parameters whatever their value looks like', () => {
    expect(maskTokenShapes('/api/projects/demo/agentic-sessions?token=short-but-secret&limit=5')).toBe(
      `/api/projects/demo/agentic-sessions?token=${maskSecret('short-but-secret')}&limit=5`
    )
  })

  it.each([
    ['a run id', 'run 60fc8363-2a1e-4c0b-9f3a-5d1e2b3c4d5e ended'],
    ['a fingerprint', 'fingerprint 9f3a5d1e2b of length 40'],
    ['a cluster host', 'http://backend-service.ambient-code.svc.cluster.local:8080/api'],
    ['a path', '/api/projects/demo/agentic-sessions/shared-1/credentials/github'],
    ['env names', 'GOOGLE_OAUTH_CLIENT_SECRET GITHUB_TOKEN MCP_CONFIG_FILE'],
    ['an already masked value', `Bearer ${maskSecret(`ghp_${RANDOM.slice(0, 36)}`)}`]
  ])('keeps %s as it is', (_what, text) => {
    expect(maskTokenShapes(text)).toBe(text)
  })
})

describe('maskHeaderValue', () => {
  it('masks credential headers whatever they hold and leaves the others', () => {
    expect(maskHeaderValue('authorization', 'Bearer opaque-value-1')).toBe(`Bearer ${maskSecret('opaque-value-1')}`)
    expect(maskHeaderValue('x-forwarded-access-token', 'abcdefghijklmnop')).toBe(maskSecret('abcdefghijklmnop'))
    expect(maskHeaderValue('x-caller-token', 'Bearer x')).toBe(`Bearer ${maskSecret('x')}`)
    expect(maskHeaderValue('cookie', '_oauth_proxy=sessionvalue123456; theme=dark')).toBe(`_oauth_proxy=${maskSecret('sessionvalue123456')}; theme=${maskSecret('dark')}`)
    expect(maskHeaderValue('x-forwarded-user', 'bob')).toBe('bob')
    expect(maskHeaderValue('content-type', 'application/json')).toBe('application/json')
  })
})

describe('Redactor with a labelled secret', () => {
  it('replaces the control token by a label everywhere, so no part of it is shown', () => {
    const redactor = new Redactor()
    const token = 'T2h4aVc3Nm5xR0dqVnF6SzlyYjVQd0Rm'
    redactor.addLabelled(token, secretLabel('credscope control token'))
    expect(redactor.redact(`Bearer ${token}`)).toBe('Bearer ‹credscope control token›')
    expect(redactor.redactHeaders({ authorization: `Bearer ${token}` })).toEqual({ authorization: 'Bearer ‹credscope control token›' })
  })
})
