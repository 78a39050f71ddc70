import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'

/**
 * The runner pod's filesystem, on real disk: pod paths such as
 * `/workspace/.google_workspace_mcp/credentials/credentials.json` live under one temporary
 * directory per runner, so files written and removed by populate and clear are real files.
 */
export class Workspace {
  /** Writes under way: destroy waits for them, or a late write would recreate a directory inside the one being removed. */
  private readonly writing = new Set<Promise<void>>()
  private destroyed = false
  /**
   * What each file held when this class last wrote or read it (null: not there), and each
   * listing: every change to the pod goes through this class, so a turn that scans the pod
   * several times reads the disk once. `changes` counts changes, so a read that raced one is not kept.
   */
  private readonly contents = new Map<string, string | null>()
  private readonly listings = new Map<string, string[]>()
  /** Directories this class made or found, so a write does not ask the disk for them again. */
  private readonly directories = new Set<string>()
  private changes = 0

  private constructor(readonly root: string) {}

  static async create(label: string): Promise<Workspace> {
    const root = await mkdtemp(join(tmpdir(), `credscope-${label.replace(/[^a-z0-9-]/gi, '-')}-`))
    for (const dir of ['workspace', 'tmp', 'app/ambient-runner', 'root']) await mkdir(join(root, dir), { recursive: true })
    return new Workspace(root)
  }

  /** The disk path of a pod path; refuses paths that climb out of the pod. */
  real(podPath: string): string {
    const normal = posix.normalize(podPath.startsWith('/') ? podPath : `/workspace/${podPath}`)
    if (normal.includes('..')) throw new Error(`path escapes the pod: ${podPath}`)
    return join(this.root, ...normal.split('/').filter(Boolean))
  }

  async write(podPath: string, content: string, mode = 0o644): Promise<void> {
    const path = this.real(podPath)
    if (this.destroyed) throw new Error(`the runner pod is gone; ${podPath} was not written`)
    const dir = dirname(path)
    const written = (async () => {
      if (!this.directories.has(dir)) {
        await mkdir(dir, { recursive: true })
        this.directories.add(dir)
      }
      await writeFile(path, content, { mode })
      await chmod(path, mode)
    })()
    this.writing.add(written)
    this.changed(path)
    const mark = this.changes
    try {
      await written
      if (this.changes === mark) this.contents.set(path, content)
    } catch (error) {
      throw new Error(osErrorText(error, podPath), { cause: error })
    } finally {
      this.writing.delete(written)
    }
  }

  /** Forgets what was known of a path (and everything under it) and every listing. */
  private changed(path: string): void {
    this.changes += 1
    this.listings.clear()
    this.contents.delete(path)
    for (const known of [...this.contents.keys()]) if (known.startsWith(`${path}/`)) this.contents.delete(known)
    for (const dir of [...this.directories]) if (dir === path || dir.startsWith(`${path}/`)) this.directories.delete(dir)
  }

  /**
   * Replaces a file at once, as kubelet swaps a mounted Secret's files: whoever reads it next
   * sees the new content. Synchronous, so a clock timer can do it between two reads.
   */
  replaceNow(podPath: string, content: string, mode = 0o644): void {
    if (this.destroyed) return
    const path = this.real(podPath)
    this.changed(path)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content, { mode })
    chmodSync(path, mode)
    this.contents.set(path, content)
  }

  async read(podPath: string): Promise<string | null> {
    const path = this.real(podPath)
    const known = this.contents.get(path)
    if (known !== undefined) return known
    const before = this.changes
    let text: string | null
    try {
      text = await readFile(path, 'utf8')
    } catch {
      text = null
    }
    if (this.changes === before) this.contents.set(path, text)
    return text
  }

  async exists(podPath: string): Promise<boolean> {
    const known = this.contents.get(this.real(podPath))
    if (known !== undefined) return known !== null
    try {
      await stat(this.real(podPath))
      return true
    } catch {
      return false
    }
  }

  async remove(podPath: string): Promise<boolean> {
    const path = this.real(podPath)
    this.changed(path)
    const mark = this.changes
    try {
      await rm(path)
      return true
    } catch {
      return false
    } finally {
      if (this.changes === mark) this.contents.set(path, null)
    }
  }

  /** Removes a directory and everything in it, as `shutil.rmtree` does; nothing there is no error. */
  async removeTree(podPath: string): Promise<void> {
    const path = this.real(podPath)
    this.changed(path)
    await rm(path, { recursive: true, force: true })
  }

  /** Removes a directory only when it is empty, as clear does for the Google credentials dir. */
  async removeDirIfEmpty(podPath: string): Promise<void> {
    const path = this.real(podPath)
    this.changed(path)
    try {
      await rmdir(path)
    } catch {
      // Not empty or not there: left as it is.
    }
  }

  async mode(podPath: string): Promise<number | null> {
    try {
      return (await stat(this.real(podPath))).mode & 0o777
    } catch {
      return null
    }
  }

  /** Every file under a pod directory, as pod paths. Sibling directories are read at once: a turn lists the pod several times. */
  async list(podDir = '/'): Promise<string[]> {
    const known = this.listings.get(podDir)
    if (known) return [...known]
    const before = this.changes
    const walk = async (dir: string): Promise<string[]> => {
      let entries
      try {
        entries = await readdir(this.real(dir), { withFileTypes: true })
      } catch {
        return []
      }
      const files = entries.filter((entry) => !entry.isDirectory()).map((entry) => posix.join(dir, entry.name))
      const nested = await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => walk(posix.join(dir, entry.name))))
      return [...files, ...nested.flat()]
    }
    const files = (await walk(podDir)).sort()
    if (this.changes === before) this.listings.set(podDir, files)
    return [...files]
  }

  async destroy(): Promise<void> {
    this.destroyed = true
    this.changed(this.root)
    await Promise.allSettled([...this.writing])
    await rm(this.root, { recursive: true, force: true, maxRetries: 3 })
  }
}

/** What Python's OSError says for the errors a pod write meets. */
const STRERROR: Readonly<Record<string, string>> = {
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOENT: 'No such file or directory',
  ENOSPC: 'No space left on device',
  ENOTDIR: 'Not a directory',
  EROFS: 'Read-only file system'
}

/** A failed write as the runner's OSError prints it, naming the pod path and never the disk path under it. */
function osErrorText(error: unknown, podPath: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? ''
  const errno = (constants.errno as Readonly<Record<string, number>>)[code]
  return errno === undefined ? `OSError: '${podPath}'` : `[Errno ${errno}] ${STRERROR[code] ?? code}: '${podPath}'`
}
