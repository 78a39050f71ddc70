/** A kubeconfig credential's text and the token kubectl takes from it (docs/platform/control-plane.md#kubeconfig-and-google-bindings). */
import { describe, expect, it } from 'vitest'
import { kubeconfigToken, kubeconfigYaml } from '../../src/main/world/kubeconfig'

describe('kubeconfig', () => {
  it('round-trips: the token of the current context is the one written', () => {
    const text = kubeconfigYaml('alice', 'sha256~abc')
    expect(text).toContain('server: https://kubernetes.default.svc')
    expect(kubeconfigToken(text)).toBe('sha256~abc')
  })

  it("takes the current context's user, not the first user", () => {
    const text = [
      'current-context: b',
      'contexts: [{ name: a, context: { user: ua } }, { name: b, context: { user: ub } }]',
      'users: [{ name: ua, user: { token: first } }, { name: ub, user: { token: second } }]'
    ].join('\n')
    expect(kubeconfigToken(text)).toBe('second')
  })

  it.each([
    ['not YAML', ': : ['],
    ['a bare token', 'sha256~abc'],
    ['no current context', 'users: [{ name: u, user: { token: t } }]'],
    ['a context naming a missing user', 'current-context: a\ncontexts: [{ name: a, context: { user: nobody } }]\nusers: [{ name: u, user: { token: t } }]'],
    ['a user with a client certificate, no token', 'current-context: a\ncontexts: [{ name: a, context: { user: u } }]\nusers: [{ name: u, user: { client-certificate-data: x } }]'],
    ['entries that are not objects', 'current-context: a\ncontexts: [a, 1]\nusers: [null]']
  ])('finds no token in %s', (_what, text) => {
    expect(kubeconfigToken(text)).toBe('')
  })
})
