import { callHop } from '../net/hop-client'
import { hopOfServer, podHost } from './pod-local'
import type { McpConfig } from './mcp-config'
import type { RunnerPod } from './pod'

/** The JSON-RPC `initialize` the CLI opens a Streamable HTTP MCP session with. */
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'claude-code', version: '2' } }
})

/**
 * What a newly spawned worker (the Claude CLI) does with its remote MCP servers: one request to
 * each server's url with the server's headers, as the CLI connects when it starts; an `http`
 * server gets `initialize`, an `sse` server the GET that opens its stream
 * (docs/platform/runner.md#custom-mcp-servers-at-head). A server that cannot be reached is logged
 * and left out; the worker runs on.
 */
export async function connectRemoteMcpServers(pod: RunnerPod, thread: string, servers: McpConfig): Promise<void> {
  for (const [name, server] of Object.entries(servers)) {
    if ((server.type !== 'http' && server.type !== 'sse') || server.url === undefined) continue
    if (!URL.canParse(server.url)) {
      pod.log('warning', `MCP server ${name} (thread ${thread}): not a URL, not connected`)
      continue
    }
    const headers = server.type === 'http' ? { ...server.headers, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' } : { ...server.headers, Accept: 'text/event-stream' }
    try {
      const response = await callHop(pod.sim, 'runner', hopOfServer(server.url), { method: server.type === 'http' ? 'POST' : 'GET', url: server.url, headers, body: server.type === 'http' ? INITIALIZE : undefined, podHost: podHost(pod) })
      if (response.status >= 400) pod.log('warning', `MCP server ${name} (thread ${thread}): connection failed with HTTP ${response.status}`)
    } catch (error) {
      pod.log('warning', `MCP server ${name} (thread ${thread}): connection failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}
