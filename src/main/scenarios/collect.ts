import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Every .yaml/.yml file under the given files and directories, each directory sorted. */
export async function collectScenarioFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const path of paths) {
    let info
    try {
      info = await stat(path)
    } catch {
      throw new Error(`${path}: no such file or directory`)
    }
    if (info.isDirectory()) out.push(...(await walk(path)))
    else out.push(path)
  }
  return out
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
  const out: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await walk(path)))
    else if (/\.ya?ml$/.test(entry.name)) out.push(path)
  }
  return out
}
