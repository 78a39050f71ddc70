import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Workspace } from '../../src/main/runner/workspace'

describe("the runner pod's workspace on disk", () => {
  it('is removed whole even while a write is under way, and refuses writes once it is going', async () => {
    const workspace = await Workspace.create('runner-test')
    // Started and not awaited: the race SIGTERM meets when a turn is still populating the pod.
    const writes = Array.from({ length: 20 }, (_, i) => workspace.write(`/workspace/.deep/dir-${i}/nested/file.json`, `{"n":${i}}`, 0o600))
    const settled = Promise.allSettled(writes)
    await workspace.destroy()
    await settled
    expect(existsSync(workspace.root)).toBe(false)
    await expect(workspace.write('/workspace/late.txt', 'late')).rejects.toThrow('the runner pod is gone; /workspace/late.txt was not written')
    expect(existsSync(workspace.root)).toBe(false)
  })

  it('keeps a pod path that climbs with .. inside the pod', async () => {
    const workspace = await Workspace.create('runner-test')
    try {
      expect(workspace.real('/workspace/../../etc/passwd')).toBe(`${workspace.root}/etc/passwd`)
      expect(workspace.real('notes.txt')).toBe(`${workspace.root}/workspace/notes.txt`)
    } finally {
      await workspace.destroy()
    }
  })
})
