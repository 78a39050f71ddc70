import { describe, expect, it } from 'vitest'
import { colonsToDashes, sanitizeUserContext, sanitizeUserId } from '../../src/main/world/identity'

// Three normalisations of one user id live in the platform (docs/platform/identity.md, docs/platform/runner.md#post-); R10 is the
// mismatch between the first two, so each must be exactly what the platform's code does.

describe('sanitizeUserId (the backend middleware, docs/platform/identity.md#sanitizeuserid)', () => {
  it('follows the platform\'s examples: kube:admin becomes kube-admin and a@b.com becomes a-b.com', () => {
    expect(sanitizeUserId('kube:admin')).toBe('kube-admin')
    expect(sanitizeUserId('a@b.com')).toBe('a-b.com')
  })

  it('keeps letters, digits, dot, underscore and dash as they are', () => {
    expect(sanitizeUserId('Alice.Smith_2-x')).toBe('Alice.Smith_2-x')
  })

  it('turns every other character into a dash, collapses runs of dashes and trims them at both ends', () => {
    expect(sanitizeUserId('system:serviceaccount:demo:ambient-session-shared-1')).toBe('system-serviceaccount-demo-ambient-session-shared-1')
    expect(sanitizeUserId('a::b  c')).toBe('a-b-c')
    expect(sanitizeUserId('a--b')).toBe('a-b')
    expect(sanitizeUserId(':alice@')).toBe('alice')
    expect(sanitizeUserId('--bob--')).toBe('bob')
    expect(sanitizeUserId('josé')).toBe('jos')
    expect(sanitizeUserId('@@@')).toBe('')
  })

  it('truncates to 253 bytes, as Go slices a string, before it replaces anything', () => {
    expect(sanitizeUserId('a'.repeat(300))).toBe('a'.repeat(253))
    // Go slices bytes: 100 two-byte characters take 200 of the 253, so only 53 of the b's survive.
    expect(sanitizeUserId(`${'é'.repeat(100)}${'b'.repeat(200)}`)).toBe('b'.repeat(53))
    // A character cut in half is invalid UTF-8, which becomes '-' and is trimmed off the end.
    expect(sanitizeUserId(`${'a'.repeat(252)}é`)).toBe('a'.repeat(252))
    expect(sanitizeUserId(`${'a'.repeat(252)}:b`)).toBe('a'.repeat(252))
  })
})

describe('colonsToDashes (the SelfSubjectReview id at merge, docs/platform/identity.md#resolveauthenticateduser)', () => {
  it('replaces only colons, so it agrees with sanitizeUserId on kube:admin but not on a@b.com', () => {
    expect(colonsToDashes('kube:admin')).toBe('kube-admin')
    expect(colonsToDashes('a@b.com')).toBe('a@b.com')
    expect(colonsToDashes('a@b.com')).not.toBe(sanitizeUserId('a@b.com'))
  })

  it('keeps spaces and runs of dashes that sanitizeUserId would change', () => {
    expect(colonsToDashes('system:serviceaccount:demo:x')).toBe('system-serviceaccount-demo-x')
    expect(colonsToDashes('a::b c')).toBe('a--b c')
  })
})

describe('sanitizeUserContext (the runner, docs/platform/runner.md#post-)', () => {
  it('strips the id, truncates it to 255 and deletes characters outside [a-zA-Z0-9@._-]', () => {
    expect(sanitizeUserContext('  a@b.com ', '').id).toBe('a@b.com')
    expect(sanitizeUserContext('kube:admin', '').id).toBe('kubeadmin')
    expect(sanitizeUserContext('bob; rm -rf /', '').id).toBe('bobrm-rf')
    expect(sanitizeUserContext('x'.repeat(300), '').id).toBe('x'.repeat(255))
  })

  it('strips the name, truncates it to 255 and deletes C0 and C1 control characters only', () => {
    expect(sanitizeUserContext('bob', '  Bob\u0000 Editor\u001b[31m\u007f\u0085 ').name).toBe('Bob Editor[31m')
    expect(sanitizeUserContext('bob', 'Zoë O\'Brien <bob@example.com>').name).toBe('Zoë O\'Brien <bob@example.com>')
    expect(sanitizeUserContext('bob', 'n'.repeat(300)).name).toBe('n'.repeat(255))
  })

  it('leaves empty values empty', () => {
    expect(sanitizeUserContext('', '')).toEqual({ id: '', name: '' })
  })
})
