import { parseDocument } from 'yaml'
import { checkWorldReferences, worldSpec, type WorldSpecInput } from '../world/spec'
import { readInputFile } from './read-input'
import { UsageError } from './usage-error'

/** Reads a world from YAML or JSON; a bad file is a UsageError naming the file and the problem. */
export async function readWorldFile(path: string): Promise<WorldSpecInput> {
  const text = await readInputFile(path, 'world file')
  const document = parseDocument(text, { prettyErrors: false })
  if (document.errors.length > 0) {
    const first = document.errors[0]
    const where = first?.linePos?.[0]
    throw new UsageError(`${path}${where ? `:${where.line}:${where.col}` : ''}: ${first?.message.split('\n')[0] ?? 'not YAML'}`)
  }
  const parsed = worldSpec.safeParse(document.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new UsageError(`${path}: ${issue?.path.join('.') || 'world'}: ${issue?.message ?? 'invalid world'}`)
  }
  const problem = checkWorldReferences(parsed.data)
  if (problem) throw new UsageError(`${path}: ${problem.path.join('.')}: ${problem.message}`)
  return document.toJS() as WorldSpecInput
}
