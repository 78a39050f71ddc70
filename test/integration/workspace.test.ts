import { existsSync, readdirSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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

  it('reads the disk once per change, and never answers with what a change replaced', async () => {
    const workspace = await Workspace.create('runner-test')
    try {
      const file = '/workspace/.google_workspace_mcp/credentials/bob@example.com.json'
      expect([await workspace.read(file), await workspace.exists(file), await workspace.list('/workspace')]).toEqual([null, false, []])
      await workspace.write(file, 'one', 0o600)
      expect([await workspace.read(file), await workspace.exists(file), await workspace.list('/workspace')]).toEqual(['one', true, [file]])
      // A read under way when a change lands keeps the change, not what it read.
      const racing = workspace.read('/tmp/other')
      await workspace.write('/tmp/other', 'new')
      await racing
      expect(await workspace.read('/tmp/other')).toBe('new')
      await workspace.write(file, 'two', 0o600)
      expect(await readFile(workspace.real(file), 'utf8')).toBe('two')
      expect(await workspace.read(file)).toBe('two')
      expect(await workspace.remove(file)).toBe(true)
      expect([await workspace.read(file), await workspace.exists(file), existsSync(workspace.real(file))]).toEqual([null, false, false])
      workspace.replaceNow('/var/run/secrets/ambient/bot-token', 'rotated')
      expect(await workspace.read('/var/run/secrets/ambient/bot-token')).toBe('rotated')
      await workspace.write('/tmp/gerrit-mcp/gerrit_config.json', '{}')
      expect(await workspace.list('/tmp')).toEqual(['/tmp/gerrit-mcp/gerrit_config.json', '/tmp/other'])
      await workspace.removeTree('/tmp/gerrit-mcp')
      expect([await workspace.read('/tmp/gerrit-mcp/gerrit_config.json'), await workspace.list('/tmp')]).toEqual([null, ['/tmp/other']])
    } finally {
      await workspace.destroy()
    }
  })

  it('lists what its changes left on disk, and walks the disk again after a change that failed', async () => {
    const workspace = await Workspace.create('runner-test')
    try {
      const onDisk = (): string[] => walkFiles(workspace.root).map((path) => path.slice(workspace.root.length)).sort()
      await workspace.write('/workspace/a/one.txt', '1')
      await workspace.write('/tmp/two.txt', '2')
      await workspace.write('/workspace/a/b/three.txt', '3')
      expect(await workspace.list('/')).toEqual(onDisk())
      expect(await workspace.list('/workspace/a')).toEqual(['/workspace/a/b/three.txt', '/workspace/a/one.txt'])
      expect(await workspace.list('/workspace/a/one.txt')).toEqual([])
      expect(await workspace.remove('/tmp/two.txt')).toBe(true)
      expect(await workspace.remove('/tmp/two.txt')).toBe(false)
      await workspace.removeTree('/workspace/a/b')
      expect(await workspace.list('/')).toEqual(['/workspace/a/one.txt'])
      expect(onDisk()).toEqual(['/workspace/a/one.txt'])
      // A directory where the file should go: the write fails, and what is on disk is listed.
      await mkdir(workspace.real('/workspace/blocked.json'), { recursive: true })
      await writeFile(workspace.real('/workspace/blocked.json/inside'), 'x')
      await expect(workspace.write('/workspace/blocked.json', '{}')).rejects.toThrow("[Errno 21] Is a directory: '/workspace/blocked.json'")
      expect(await workspace.list('/')).toEqual(['/workspace/a/one.txt', '/workspace/blocked.json/inside'])
    } finally {
      await workspace.destroy()
    }
  })

  it('writes the same bytes under a new mode, and empties a directory again after a file was written back into it', async () => {
    const workspace = await Workspace.create('runner-test')
    try {
      await workspace.write('/root/.gitconfig', 'same', 0o600)
      await workspace.write('/root/.gitconfig', 'same', 0o644)
      expect(await workspace.mode('/root/.gitconfig')).toBe(0o644)
      await workspace.removeDirIfEmpty('/workspace/creds')
      await workspace.write('/workspace/creds/inner/a.json', '{}')
      await workspace.removeDirIfEmpty('/workspace/creds')
      expect(existsSync(workspace.real('/workspace/creds'))).toBe(true)
      expect(await workspace.remove('/workspace/creds/inner/a.json')).toBe(true)
      await workspace.removeDirIfEmpty('/workspace/creds/inner')
      await workspace.removeDirIfEmpty('/workspace/creds')
      expect(existsSync(workspace.real('/workspace/creds'))).toBe(false)
      await workspace.write('/workspace/creds/b.json', '{}')
      expect(await workspace.remove('/workspace/creds/b.json')).toBe(true)
      await workspace.removeDirIfEmpty('/workspace/creds')
      expect(existsSync(workspace.real('/workspace/creds'))).toBe(false)
    } finally {
      await workspace.destroy()
    }
  })
})

/** Every file under a directory, as the disk has it. */
function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walkFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
}
