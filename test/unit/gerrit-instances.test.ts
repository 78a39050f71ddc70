/**
 * `fetch_gerrit_credentials` at HEAD (docs/platform/runner.md#populate-and-clear-at-head): what
 * the runner makes of each answer the backend could give, with flaw site H5 on and off.
 */
import { describe, expect, it } from 'vitest'
import { PermissionError } from '../../src/main/runner/fetch-client'
import { gerritInstances } from '../../src/main/runner/populate-head'

const host = { name: 'review', url: 'https://review.example.com', username: 'bob', httpToken: 'x' }

describe('gerritInstances', () => {
  it('passes a list through as it came, whether or not instances are unwrapped', () => {
    expect(gerritInstances([host], true)).toEqual([host])
    expect(gerritInstances([host], false)).toEqual([host])
  })

  it('unwraps {"instances": [...]} only when told to (hardened); H5 takes the dict as one host', () => {
    expect(gerritInstances({ instances: [host] }, true)).toEqual([host])
    expect(gerritInstances({ instances: [host] }, false)).toEqual([{ instances: [host] }])
  })

  it('takes a dict whose instances is not a list as one host', () => {
    expect(gerritInstances({ instances: 'review' }, true)).toEqual([{ instances: 'review' }])
  })

  it('gives no hosts for an empty answer, a raised error or no answer', () => {
    expect(gerritInstances({}, true)).toEqual([])
    expect(gerritInstances(new PermissionError('gerrit authentication failed'), true)).toEqual([])
    expect(gerritInstances(undefined, false)).toEqual([])
  })
})
