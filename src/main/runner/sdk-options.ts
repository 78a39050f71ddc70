/** Keys the platform controls: a user's SDK_OPTIONS cannot override them (HEAD `bridges/claude/bridge.py:44-58`, e029650d4). */
export const SDK_OPTIONS_DENYLIST: ReadonlySet<string> = new Set(['cwd', 'resume', 'mcp_servers', 'setting_sources', 'stderr', 'continue_conversation', 'add_dirs', 'api_key', 'cli_path', 'env'])

type Log = (level: 'info' | 'warning', text: string) => void

/**
 * `_parse_sdk_options` (docs/platform/runner.md#sdk_options-at-head): the session's SDK_OPTIONS as
 * a JSON object, the denied keys dropped with a warning each, `system_prompt` appended to the
 * platform's under "Custom Instructions", null values dropped. Anything but an object is ignored.
 */
export function parseSdkOptions(raw: string, systemPrompt: string, log: Log): Record<string, unknown> {
  if (!raw.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (error) {
    log('warning', `SDK_OPTIONS contains invalid JSON, ignoring: ${error instanceof Error ? error.message : String(error)}`)
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    log('warning', `SDK_OPTIONS must be a JSON object, got ${pythonTypeName(parsed)} — ignoring`)
    return {}
  }
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (SDK_OPTIONS_DENYLIST.has(key)) {
      log('warning', `SDK_OPTIONS key '${key}' is denied — skipping`)
    } else if (key === 'system_prompt') {
      if (typeof value === 'string' && value.trim()) result.system_prompt = `${systemPrompt}\n\n## Custom Instructions\n${value}`
    } else if (value !== null) {
      result[key] = value
    }
  }
  if (Object.keys(result).length > 0) log('info', `Applied ${Object.keys(result).length} SDK option(s) from SDK_OPTIONS`)
  return result
}

/** What Python's `type(x).__name__` says of a JSON value that is no object. */
function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  switch (typeof value) {
    case 'string':
      return 'str'
    case 'boolean':
      return 'bool'
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float'
    default:
      return typeof value
  }
}
