import { accessSync, chmodSync, constants as fsConstants, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { dirname, join, posix, sep } from 'node:path'

/**
 * The runner pod's filesystem, on real disk: pod paths such as
 * `/workspace/.google_workspace_mcp/credentials/credentials.json` live under one temporary
 * directory per runner, so files written and removed by populate and clear are real files.
 *
 * Each change and read is one synchronous call: the files are a few hundred bytes, and a turn
 * that waited on the thread pool for each of its open, write, chmod and close spent most of its
 * time idle. Nothing can interleave with a change, so what the class remembers is never stale.
 */
export class Workspace {
  private destroyed = false
  /**
   * What each file held when this class last wrote or read it (null: not there), and which files
   * the pod has: every change to the pod goes through this class, so a turn that scans the pod
   * several times need not read the disk again.
   */
  private readonly contents = new Map<string, string | null>()
  /** The mode of each file this class wrote, so writing the same bytes with the same mode again can be skipped. */
  private readonly modes = new Map<string, number>()
  /** Every file in the pod, by disk path; null once a failed change left it unknown, and the next listing walks the disk. */
  private files: Set<string> | null = new Set()
  /** Directories this class made or found, so a write does not ask the disk for them again. */
  private readonly directories = new Set<string>()
  /** Directories this class removed or found missing, so clearing them again asks the disk nothing. */
  private readonly absentDirectories = new Set<string>()

  /** Disk paths by the pod path they were asked for. */
  private readonly realPaths = new Map<string, string>()
  /** The pod starts with its directories and no file in them (see create). */
  private constructor(readonly root: string) {}

  static async create(label: string): Promise<Workspace> {
    const root = await mkdtemp(join(podsDirectory(), `credscope-${label.replace(/[^a-z0-9-]/gi, '-')}-`))
    for (const dir of ['workspace', 'tmp', 'app/ambient-runner', 'root']) await mkdir(join(root, dir), { recursive: true })
    return new Workspace(root)
  }

  /** The disk path of a pod path; refuses paths that climb out of the pod. */
  real(podPath: string): string {
    const known = this.realPaths.get(podPath)
    if (known !== undefined) return known
    const normal = posix.normalize(podPath.startsWith('/') ? podPath : `/workspace/${podPath}`)
    if (normal.includes('..')) throw new Error(`path escapes the pod: ${podPath}`)
    const path = join(this.root, ...normal.split('/').filter(Boolean))
    // A turn names the same few pod paths again and again; a bound keeps odd ones from piling up.
    if (this.realPaths.size >= KNOWN_PATHS) this.realPaths.clear()
    this.realPaths.set(podPath, path)
    return path
  }

  async write(podPath: string, content: string, mode = 0o644): Promise<void> {
    if (this.destroyed) throw new Error(`the runner pod is gone; ${podPath} was not written`)
    const path = this.real(podPath)
    // The same bytes with the same mode: the file on disk is already what this write would leave.
    if (this.contents.get(path) === content && this.modes.get(path) === mode) return
    this.changed(path)
    try {
      this.writeNow(path, content, mode)
    } catch (error) {
      throw new Error(osErrorText(error, podPath), { cause: error })
    }
  }

  /**
   * Replaces a file at once, as kubelet swaps a mounted Secret's files: whoever reads it next
   * sees the new content. Synchronous, so a clock timer can do it between two reads.
   */
  replaceNow(podPath: string, content: string, mode = 0o644): void {
    if (this.destroyed) return
    const path = this.real(podPath)
    this.changed(path)
    this.writeNow(path, content, mode)
  }

  private writeNow(path: string, content: string, mode: number): void {
    try {
      this.writeToDisk(path, content, mode)
    } catch (error) {
      this.files = null
      throw error
    }
    this.files?.add(path)
  }

  private writeToDisk(path: string, content: string, mode: number): void {
    const dir = dirname(path)
    if (!this.directories.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.directories.add(dir)
      for (const absent of [...this.absentDirectories]) if (within(dir, absent)) this.absentDirectories.delete(absent)
    }
    writeFileSync(path, content, { mode })
    // The mode of an existing file is not changed by writing it.
    chmodSync(path, mode)
    this.contents.set(path, content)
    this.modes.set(path, mode)
  }

  /** Forgets what was known of a path and everything under it. */
  private changed(path: string): void {
    for (const known of [...this.contents.keys()]) if (within(known, path)) this.contents.delete(known)
    for (const known of [...this.modes.keys()]) if (within(known, path)) this.modes.delete(known)
    for (const dir of [...this.directories]) if (within(dir, path)) this.directories.delete(dir)
  }

  async read(podPath: string): Promise<string | null> {
    const path = this.real(podPath)
    const known = this.contents.get(path)
    if (known !== undefined) return known
    let text: string | null
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      text = null
    }
    this.contents.set(path, text)
    return text
  }

  /** Whether a file or directory is there. */
  async exists(podPath: string): Promise<boolean> {
    const path = this.real(podPath)
    const known = this.contents.get(path)
    return known !== undefined ? known !== null : existsSync(path)
  }

  async remove(podPath: string): Promise<boolean> {
    const path = this.real(podPath)
    if (this.contents.get(path) === null) return false
    this.changed(path)
    this.contents.set(path, null)
    try {
      rmSync(path)
      this.files?.delete(path)
      return true
    } catch {
      return false
    }
  }

  /** Removes a directory and everything in it, as `shutil.rmtree` does; nothing there is no error. */
  async removeTree(podPath: string): Promise<void> {
    const path = this.real(podPath)
    this.changed(path)
    rmSync(path, { recursive: true, force: true })
    for (const file of [...(this.files ?? [])]) if (within(file, path)) this.files?.delete(file)
    this.absentDirectories.add(path)
  }

  /** Removes a directory only when it is empty, as clear does for the Google credentials dir. */
  async removeDirIfEmpty(podPath: string): Promise<void> {
    const path = this.real(podPath)
    if (this.absentDirectories.has(path)) return
    try {
      rmdirSync(path)
      // It was empty: what is known of the files under it (that they are not there) still holds.
      for (const dir of [...this.directories]) if (within(dir, path)) this.directories.delete(dir)
      this.absentDirectories.add(path)
    } catch (error) {
      // Not empty: left as it is.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.absentDirectories.add(path)
    }
  }

  async mode(podPath: string): Promise<number | null> {
    try {
      return statSync(this.real(podPath)).mode & 0o777
    } catch {
      return null
    }
  }

  /** Every file under a pod directory, as pod paths, sorted. */
  async list(podDir = '/'): Promise<string[]> {
    const under = `${this.real(podDir)}${sep}`
    const files = this.files ?? this.walk()
    return [...files]
      .filter((file) => file.startsWith(under))
      .map((file) => file.slice(this.root.length).split(sep).join('/'))
      .sort()
  }

  /** Every file on the pod's disk, read again after a failed change. */
  private walk(): Set<string> {
    const files = new Set<string>()
    const walkDir = (dir: string): void => {
      let entries
      try {
        entries = readdirSync(dir, { withFileTypes: true })
      } catch {
        return
      }
      for (const entry of entries) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) walkDir(path)
        else files.add(path)
      }
    }
    walkDir(this.root)
    this.files = files
    return files
  }

  async destroy(): Promise<void> {
    this.destroyed = true
    this.changed(this.root)
    await rm(this.root, { recursive: true, force: true, maxRetries: 3 })
  }
}

/**
 * Where pods live: the temporary directory TMPDIR names, when it names one; else Linux's
 * shared-memory tmpfs where there is one, so the simulated secrets a pod holds never reach a disk
 * and creating and removing its files costs a third as much; else the OS temporary directory.
 */
function podsDirectory(): string {
  if (process.env['TMPDIR']) return tmpdir()
  try {
    accessSync(SHARED_MEMORY, fsConstants.W_OK)
    return SHARED_MEMORY
  } catch {
    return tmpdir()
  }
}

const SHARED_MEMORY = '/dev/shm'

/** How many pod paths `real` remembers before it starts over. */
const KNOWN_PATHS = 256

/** Whether `path` is `dir` or lies under it. */
function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`)
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
