import { XMLParser } from 'fast-xml-parser'
import type { JunitSuiteView } from '../../shared/api'

/** One scenario of a JUnit report `credscope run --reporter junit` wrote: enough to open it again. */
export interface JunitSuite extends Omit<JunitSuiteView, 'openable'> {
  /** The run in the history of the machine that ran it. */
  runId: string | null
  /** The scenario's YAML; absent in reports from before credscope.source existed. */
  source: string | null
}

interface RawProperty {
  name?: string
  value?: string
}

interface RawOutcome {
  message?: string
}

interface RawCase {
  name?: string
  failure?: RawOutcome | string
  error?: RawOutcome | string
}

interface RawSuite {
  name?: string
  properties?: { property?: RawProperty[] }
  testcase?: RawCase[]
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Numeric character references carry the line breaks of credscope.source.
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'property' || name === 'testcase'
})

/** Whether a text is a JUnit report at all (any tool's), before it is read as credscope's. */
export function looksLikeJunit(text: string): boolean {
  return /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<testsuites?[\s>]/.test(text)
}

/** The scenarios of a credscope JUnit report, or a message saying why it is not one. */
export function readJunit(text: string): JunitSuite[] | string {
  let doc: { testsuites?: { testsuite?: RawSuite[] }; testsuite?: RawSuite[] }
  try {
    doc = parser.parse(text, true) as typeof doc
  } catch (error) {
    return `not a JUnit report: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
  const raw = doc.testsuites?.testsuite ?? doc.testsuite ?? []
  if (raw.length === 0) return 'a JUnit report with no testsuite in it'
  const suites: JunitSuite[] = []
  for (const suite of raw) {
    const props = new Map((suite.properties?.property ?? []).map((p) => [p.name ?? '', p.value ?? '']))
    const platform = props.get('platform')
    const profile = props.get('profile')
    const seed = Number(props.get('seed'))
    if (platform === undefined || profile === undefined || !Number.isInteger(seed)) return `testsuite "${suite.name ?? '?'}" was not written by credscope run: it has no platform, profile and seed properties`
    const failures = (suite.testcase ?? []).flatMap((c) => {
      const outcome = c.failure ?? c.error
      if (outcome === undefined) return []
      const message = typeof outcome === 'string' ? outcome : (outcome.message ?? '')
      return [`${c.name ?? '?'}: ${message}`]
    })
    suites.push({
      name: suite.name ?? '?',
      platform,
      profile,
      flaws: (props.get('flaws') ?? '').split(',').filter(Boolean),
      seed,
      passed: failures.length === 0,
      failures,
      runId: props.get('credscope.run') || null,
      source: props.get('credscope.source') ?? null
    })
  }
  return suites
}
