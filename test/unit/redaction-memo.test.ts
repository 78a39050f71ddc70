import { describe, expect, it } from 'vitest'
import { RedactionMemo } from '../../src/main/trace/redaction-memo'

describe('RedactionMemo', () => {
  it('answers with what it was given until a secret the text holds is learned', () => {
    const memo = new RedactionMemo()
    expect(memo.get('token=abc in a line')).toBeUndefined()
    memo.set('token=abc in a line', 'token=… in a line')
    memo.learn('unrelated-secret')
    expect(memo.get('token=abc in a line')).toBe('token=… in a line')
    memo.learn('abc in')
    expect(memo.get('token=abc in a line')).toBeUndefined()
    // Forgotten, not just skipped: a later secret the text does not hold brings nothing back.
    memo.learn('another-one')
    expect(memo.get('token=abc in a line')).toBeUndefined()
  })

  it('checks each entry against every secret learned since it was last good, however many', () => {
    const memo = new RedactionMemo()
    memo.set('holds second-secret here', 'redacted')
    memo.learn('first-secret')
    memo.learn('second-secret')
    memo.learn('third-secret')
    expect(memo.get('holds second-secret here')).toBeUndefined()
  })

  it('drops Basic credentials once any secret is learned, since base64 may hide it', () => {
    const memo = new RedactionMemo()
    memo.set('Authorization: Basic Ym9iOnB3', 'Authorization: Basic …')
    memo.set('plain words', 'plain words')
    memo.learn('zzzzzzzz')
    expect(memo.get('Authorization: Basic Ym9iOnB3')).toBeUndefined()
    expect(memo.get('plain words')).toBe('plain words')
  })

  it('forgets everything when cleared', () => {
    const memo = new RedactionMemo()
    memo.set('some text', 'some text')
    memo.clear()
    expect(memo.get('some text')).toBeUndefined()
  })
})
