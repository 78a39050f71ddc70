import { configLabel } from '../../shared/profiles'
import { flawById } from '../../shared/flaws'
import type { ScenarioResult } from './results'

export const REPORTERS = ['pretty', 'junit', 'tap', 'json'] as const
export type ReporterName = (typeof REPORTERS)[number]

export function report(name: ReporterName, results: readonly ScenarioResult[]): string {
  switch (name) {
    case 'pretty':
      return pretty(results)
    case 'junit':
      return junit(results)
    case 'tap':
      return tap(results)
    case 'json':
      return json(results)
  }
}

/** The flaw line of a failing demonstration: which invariant broke (the flaws on in this run first). */
function invariantLine(result: ScenarioResult): string | null {
  const on = result.demonstrates.filter((id) => result.flaws.includes(id))
  const flaws = (on.length > 0 ? on : result.demonstrates).map((id) => flawById(id)).filter((f) => f !== undefined)
  if (flaws.length === 0) return null
  return flaws.map((f) => `invariant of ${f.id}: ${f.invariant}`).join('; ')
}

function failureLines(result: ScenarioResult): string[] {
  const lines: string[] = []
  if (result.error) lines.push(`the scenario stopped: ${result.error}`)
  for (const step of result.steps) {
    for (const failure of step.failures) lines.push(`${stepName(step.index, step.line, step.label)}: ${failure}`)
  }
  return lines
}

export function summaryLine(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length
  // Files that name their own version run there: every configuration the run used is named.
  const configs = [...new Set(results.map((r) => `${configLabel(r)}${extraFlaws(r)}`))].join('; ')
  return `${results.length - failed} passed, ${failed} failed (${results.length} scenario${results.length === 1 ? '' : 's'}${configs ? ` under ${configs}` : ''})`
}

function extraFlaws(result: ScenarioResult): string {
  return result.flaws.length > 0 ? ` with ${result.flaws.length} flaw${result.flaws.length === 1 ? '' : 's'} on` : ''
}

function pretty(results: readonly ScenarioResult[]): string {
  const out: string[] = []
  for (const result of results) {
    out.push(`${result.passed ? '✓' : '✗'} ${result.scenario}  ${result.file}  (seed ${result.seed}, ${result.durationMs} ms)`)
    if (result.passed) continue
    const invariant = invariantLine(result)
    if (invariant) out.push(`    ${invariant}`)
    for (const step of result.steps.filter((s) => !s.passed)) {
      out.push(`    step ${step.index + 1}, line ${step.line}: ${step.label}`)
      for (const failure of step.failures) out.push(`      ✗ ${failure}`)
    }
    if (result.error) out.push(`    ✗ the scenario stopped: ${result.error}`)
  }
  out.push('', summaryLine(results))
  return `${out.join('\n')}\n`
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** An attribute value keeps its line breaks only as character references: XML turns raw ones into spaces. */
function xmlAttribute(text: string): string {
  return xml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}

/** One JUnit testcase: a step that ran, the step the scenario stopped at, or a step it never reached. */
interface JunitCase {
  name: string
  outcome: { kind: 'passed' } | { kind: 'failure' | 'error' | 'skipped'; message: string; text: string }
}

function stepName(index: number, line: number, label: string): string {
  return line > 0 ? `step ${index + 1}, line ${line}: ${label}` : label
}

/**
 * A scenario's testcases, one per step in the file's order: a failing step carries its failures
 * (the first one as the message), the step the scenario stopped at an error, the steps after it
 * are skipped; findings at the end of the run are one more case.
 */
function junitCases(result: ScenarioResult): JunitCase[] {
  const invariant = invariantLine(result)
  const ran = new Map(result.steps.filter((s) => s.kind !== 'end-of-run').map((s) => [s.index, s]))
  const cases: JunitCase[] = []
  let stopped = false
  for (const [index, line] of result.stepLines.entries()) {
    const step = ran.get(index)
    if (step) {
      const text = [invariant, ...step.failures].filter(Boolean).join('\n')
      cases.push({ name: stepName(index, line, step.label), outcome: step.passed ? { kind: 'passed' } : { kind: 'failure', message: step.failures[0] ?? 'failed', text } })
    } else if (result.error && !stopped) {
      stopped = true
      cases.push({ name: stepName(index, line, 'the scenario stopped here'), outcome: { kind: 'error', message: result.error, text: result.error } })
    } else {
      const message = `not run: the scenario stopped at an earlier step`
      cases.push({ name: stepName(index, line, 'not run'), outcome: { kind: 'skipped', message, text: '' } })
    }
  }
  for (const step of result.steps.filter((s) => s.kind === 'end-of-run')) {
    cases.push({ name: step.label, outcome: { kind: 'failure', message: step.failures[0] ?? 'failed', text: [invariant, ...step.failures].filter(Boolean).join('\n') } })
  }
  return cases
}

/**
 * JUnit XML as strict consumers take it (the attributes of Jenkins xunit's junit-10 schema): one
 * testsuite per scenario, its setting as properties, one testcase per step.
 */
function junit(results: readonly ScenarioResult[]): string {
  const time = (ms: number): string => (ms / 1000).toFixed(3)
  const count = (cases: readonly JunitCase[], kind: JunitCase['outcome']['kind']): number => cases.filter((c) => c.outcome.kind === kind).length
  const all = results.map((result) => ({ result, cases: junitCases(result) }))
  const suites = all.map(({ result, cases }) => {
    const classname = xml(`credscope.${result.platform}.${result.profile}.${result.scenario}`)
    const testcases = cases.map(({ name, outcome }) => {
      const open = `    <testcase classname="${classname}" name="${xml(name)}"`
      if (outcome.kind === 'passed') return `${open}/>`
      const body = outcome.text ? `>${xml(outcome.text)}</${outcome.kind}>` : '/>'
      const type = outcome.kind === 'failure' ? ' type="expectation"' : outcome.kind === 'error' ? ' type="error"' : ''
      return `${open}>\n      <${outcome.kind} message="${xml(outcome.message)}"${type}${body}\n    </testcase>`
    })
    return [
      `  <testsuite name="${xml(result.scenario)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}" time="${time(result.durationMs)}" file="${xml(result.file)}">`,
      '    <properties>',
      `      <property name="platform" value="${result.platform}"/>`,
      `      <property name="profile" value="${xml(result.profile)}"/>`,
      `      <property name="flaws" value="${xml(result.flaws.join(','))}"/>`,
      `      <property name="seed" value="${result.seed}"/>`,
      ...(result.demonstrates.length > 0 ? [`      <property name="demonstrates" value="${xml(result.demonstrates.join(','))}"/>`] : []),
      // What the app needs to open this run as a diagram on another machine: the run in the
      // history it was recorded in, else the scenario itself, re-run with the setting above.
      `      <property name="credscope.run" value="${xml(result.runId)}"/>`,
      `      <property name="credscope.source" value="${xmlAttribute(result.source)}"/>`,
      '    </properties>',
      ...testcases,
      '  </testsuite>'
    ].join('\n')
  })
  const cases = all.flatMap((s) => s.cases)
  const total = results.reduce((sum, r) => sum + r.durationMs, 0)
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="credscope" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" time="${time(total)}">\n${suites.join('\n')}\n</testsuites>\n`
}

/** A TAP description: `#` would start a directive and `\` an escape, so both are escaped (TAP 14). */
function tapDescription(text: string): string {
  return text.replace(/[\\#]/g, (c) => `\\${c}`)
}

function tap(results: readonly ScenarioResult[]): string {
  const out = ['TAP version 14', `1..${results.length}`]
  results.forEach((result, i) => {
    out.push(`${result.passed ? 'ok' : 'not ok'} ${i + 1} - ${tapDescription(`${result.scenario} (${configLabel(result)}, seed ${result.seed})`)}`)
    if (!result.passed) {
      out.push('  ---')
      const invariant = invariantLine(result)
      if (invariant) out.push(`  invariant: ${JSON.stringify(invariant)}`)
      out.push(`  file: ${JSON.stringify(result.file)}`, '  failures:')
      for (const line of failureLines(result)) out.push(`    - ${JSON.stringify(line)}`)
      out.push('  ...')
    }
  })
  return `${out.join('\n')}\n`
}

function json(results: readonly ScenarioResult[]): string {
  const failed = results.filter((r) => !r.passed).length
  return `${JSON.stringify(
    {
      summary: { scenarios: results.length, passed: results.length - failed, failed },
      results: results.map(({ events, ...rest }) => ({ ...rest, invariant: invariantLine(rest as ScenarioResult), events: events.length }))
    },
    null,
    2
  )}\n`
}
