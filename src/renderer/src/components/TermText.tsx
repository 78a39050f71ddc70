import type { GlossaryId } from '../../../shared/glossary'
import { Term } from './Term'

/** Words the engine writes into its reasons (`SSAR cache: allowed`, `BOT_TOKEN for the owner`) that the glossary explains. */
const SPELLINGS: ReadonlyMap<string, GlossaryId> = new Map([
  ['SSAR', 'ssar'],
  ['BOT_TOKEN', 'bot-token'],
  ['SelfSubjectReview', 'self-subject-review'],
  ['run-bound token', 'run-bound']
])

const WORDS = new RegExp(`\\b(${[...SPELLINGS.keys()].join('|')})\\b`)

/** A line of the engine's text with the glossary's words in it shown as terms. */
export function TermText({ text }: { text: string }): React.JSX.Element {
  // split() with a capturing group puts each matched word at an odd index.
  const parts = text.split(WORDS)
  return (
    <>
      {parts.map((part, i) => {
        const id = i % 2 === 1 ? SPELLINGS.get(part) : undefined
        return id ? (
          <Term key={i} id={id}>
            {part}
          </Term>
        ) : (
          part
        )
      })}
    </>
  )
}
