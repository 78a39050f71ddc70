import { z } from 'zod'

/**
 * One custom MCP server as PR #1251 lets an editor write it (docs/platform/runner.md#custom-mcp-servers-at-head):
 * a stdio command with args and env, or a remote `http`/`sse` server with a url and headers.
 * Every string may hold `${VAR}` or `${VAR:-default}`, which the runner expands when it builds
 * the config. The CRD keeps unknown fields; credscope knows these and refuses others.
 */
export const customMcpServer = z
  .object({
    type: z.enum(['stdio', 'http', 'sse']).optional(),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    url: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional()
  })
  .strict()
  .refine((server) => (isRemote(server) ? server.url !== undefined : server.command !== undefined), {
    message: 'an http or sse server needs url; a stdio server needs command'
  })

/**
 * `spec.mcpServers` of an AgenticSession or of ProjectSettings (HEAD, 09cf5f11c): servers added
 * by name (over the platform's of the same name) and names of servers to leave out.
 */
export const customMcpServers = z
  .object({
    custom: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'an MCP server name (letters, digits, _.-)'), customMcpServer).default({}),
    disabled: z.array(z.string().min(1)).default([])
  })
  .strict()

export type CustomMcpServer = z.infer<typeof customMcpServer>
export type CustomMcpServers = z.infer<typeof customMcpServers>

/** A server the CLI connects to over the network rather than spawning. */
export function isRemote(server: { type?: string }): boolean {
  return server.type === 'http' || server.type === 'sse'
}

/** The urls of the remote custom servers of some settings, as written (before any expansion). */
export function remoteUrls(settings: CustomMcpServers | null): string[] {
  return Object.values(settings?.custom ?? {}).flatMap((server) => (isRemote(server) && server.url !== undefined ? [server.url] : []))
}
