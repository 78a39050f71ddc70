import { createParser } from 'eventsource-parser'
import { callHop } from '../../net/hop-client'
import type { McpServerConfig } from '../mcp-config'
import type { RunnerPod } from '../pod'
import { hopOfServer, podHost } from '../pod-local'

/** What a remote MCP server's `whoami` tool answered: whom it acted as, or why not. */
export type RemoteWhoami = { ok: true; login: string } | { ok: false; reason: string }

/**
 * A tool call to a remote MCP server as the CLI makes it: for an SSE server, GET the stream for
 * its `endpoint` event, then POST a JSON-RPC `tools/call` there (an `http` server takes it at its url), with the server's headers, from inside the pod
 * (docs/platform/control-plane.md#credential-sidecars). credscope's sidecars answer in the POST's
 * response rather than on the stream.
 */
export async function remoteWhoami(pod: RunnerPod, server: McpServerConfig & { url: string }): Promise<RemoteWhoami> {
  const headers = server.headers ?? {}
  const hop = hopOfServer(server.url)
  // A Streamable HTTP server takes the call at its url; an SSE server names its endpoint on the stream.
  let endpoint = server.type === 'http' ? server.url : ''
  if (!endpoint) {
    const opened = await callHop(pod.sim, 'runner', hop, { method: 'GET', url: server.url, headers: { ...headers, Accept: 'text/event-stream' }, podHost: podHost(pod) })
    if (opened.status !== 200) return { ok: false, reason: `the MCP server did not open its stream (HTTP ${opened.status})` }
    createParser({ onEvent: (event) => (endpoint ||= event.event === 'endpoint' ? event.data : '') }).feed(opened.body)
    if (!endpoint) return { ok: false, reason: 'the MCP server sent no endpoint event' }
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } })
  const answer = await callHop(pod.sim, 'runner', hop, { method: 'POST', url: new URL(endpoint, server.url).toString(), headers: { ...headers, 'Content-Type': 'application/json' }, body, podHost: podHost(pod) })
  const result = resultOf(answer.body)
  if (answer.status !== 200 || !result) return { ok: false, reason: `the MCP server answered HTTP ${answer.status}` }
  if (result.isError === true) return { ok: false, reason: textOf(result) || 'the tool failed' }
  const login = (result.structuredContent as { login?: unknown } | undefined)?.login
  return typeof login === 'string' && login ? { ok: true, login } : { ok: false, reason: 'the tool named nobody' }
}

function resultOf(text: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(text) as { result?: unknown }
    return parsed.result !== null && typeof parsed.result === 'object' ? (parsed.result as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function textOf(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? (result.content as Array<{ text?: unknown }>) : []
  return content.map((c) => (typeof c.text === 'string' ? c.text : '')).join(' ')
}
