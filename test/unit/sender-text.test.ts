import { describe, expect, it } from 'vitest'
import { senderText } from '../../src/shared/sender-text'

describe('senderText', () => {
  it('names a user, an API key and a schedule; with no sender, the resolved id or nobody', () => {
    expect(senderText({ kind: 'user', userId: 'bob' })).toBe('bob')
    expect(senderText({ kind: 'apikey', key: 'ci-bot' })).toBe('API key ci-bot')
    expect(senderText({ kind: 'scheduled' })).toBe('scheduled')
    expect(senderText(null, 'alice')).toBe('alice')
    expect(senderText(null)).toBe('nobody')
  })
})
