import type { SinkKind } from '../../../shared/events'
import { SINK_TERMS } from '../../../shared/glossary'
import { Term } from './Term'

/** A sink by its one name (`worker-env`), as a glossary term. */
export function SinkName({ sink }: { sink: SinkKind }): React.JSX.Element {
  return <Term id={SINK_TERMS[sink]}>{sink}</Term>
}

/** A place in a sink as every view writes it, `worker-env (thread shared-1: GITHUB_TOKEN)`, the sink as a term. */
export function SinkPlace({ sink, where }: { sink: SinkKind; where: string }): React.JSX.Element {
  return (
    <span className="sink-place">
      <SinkName sink={sink} /> ({where})
    </span>
  )
}

function isSink(name: string): name is SinkKind {
  return Object.hasOwn(SINK_TERMS, name)
}

/** A place the Ledger recorded as text (`describeHolding`), shown as SinkPlace; text it does not recognise as it is. */
export function HoldingText({ text }: { text: string }): React.JSX.Element {
  const match = /^(\S+) \((.*)\)$/.exec(text)
  const sink = match?.[1] ?? ''
  return match && isSink(sink) ? <SinkPlace sink={sink} where={match[2] ?? ''} /> : <>{text}</>
}
