import { readFile } from 'node:fs/promises'
import { UsageError } from './usage-error'

/** The text of a file named on the command line; when it cannot be read, a UsageError naming it, what it should be and why. */
export async function readInputFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`${path}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}
