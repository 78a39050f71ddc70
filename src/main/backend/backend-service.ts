import type { HopContext } from '../sim/hop-context'
import { HOSTS } from '../net/hosts'
import { traceExternal } from '../net/external-trace'
import { sendGinNotFound, sendJson } from '../net/http-error'
import { sendPlatformError } from '../net/platform-error'
import { type Request, Router } from '../net/router'
import { listen, type Listener } from '../net/server'
import type { ServerResponse } from 'node:http'
import { servedProviders } from '../../shared/providers'
import type { BackendState } from '../backend-process/backend-state'
import { createSession } from './create-session'
import { enforceCredentialRBAC, getSessionForCaller } from './credentials/enforce'
import { serveGitHub } from './credentials/github'
import { serveGitLab } from './credentials/gitlab'
import { serveGoogle } from './credentials/google'
import { serveJira } from './credentials/jira'
import { serveCodeRabbit } from './credentials/coderabbit'
import { serveGerrit } from './credentials/gerrit'
import { serveMcp } from './credentials/mcp'
import { resolveRequestIdentity } from './identity-middleware'
import { validateProjectContext } from './project-context'
import { ActiveUserAssertionPanic } from './rbac'
import type { ProjectHandler, ProjectRoutes } from '../backend-process/project-routes'

/**
 * The backend service (docs/platform/credential-endpoints.md, docs/platform/rbac.md) as runners reach it: no OAuth proxy in front. The AG-UI
 * proxy's routes are mounted here too, because in the platform they are one Go process.
 */
export async function startBackendService(
  sim: HopContext,
  state: BackendState,
  extra: ProjectRoutes[],
  onSessionCreated: (project: string, name: string) => Promise<void> = async () => {},
  port = 0
): Promise<Listener> {
  const router = new Router()
  const project = (handler: ProjectHandler) => async (req: Request, res: ServerResponse) => {
    const identity = await resolveRequestIdentity(sim, state.runTokens, req)
    const name = req.params.projectName ?? ''
    if (!validateProjectContext(sim, state, identity, name, req.query.get('token'), res)) return
    await handler(req, res, identity)
  }

  router.get('/health', (_req, res) => sendJson(res, 200, { status: 'ok' }))
  router.get('/api/projects/:projectName/agentic-sessions/:sessionName', project((req, res, identity) => {
    const session = getSessionForCaller(sim, identity, req.params.projectName ?? '', req.params.sessionName ?? '', res)
    if (!session) return
    sendJson(res, 200, {
      metadata: { name: session.name, namespace: session.project },
      spec: { userContext: session.userContext },
      status: { phase: session.phase }
    })
  }))
  router.post('/api/projects/:projectName/agentic-sessions', project((req, res, identity) => createSession(sim, req, res, identity, onSessionCreated)))
  router.get('/api/projects/:projectName/agentic-sessions/:sessionName/credentials/mcp/:serverName', project((req, res, identity) =>
    serveMcp(sim, state, identity, req.header('X-Runner-Current-User'), req.params.projectName ?? '', req.params.sessionName ?? '', req.params.serverName ?? '', res)
  ))
  // One route per provider, as routes.go registers them: any other provider (kubeconfig included)
  // matches no route and gets gin's 404 before any middleware runs. coderabbit and gerrit exist at
  // HEAD only (docs/platform/credential-endpoints.md#coderabbit-and-gerrit-head-only).
  for (const provider of servedProviders(sim.platform)) {
    router.get(`/api/projects/:projectName/agentic-sessions/:sessionName/credentials/${provider}`, project(async (req, res, identity) => {
      const projectName = req.params.projectName ?? ''
      const allowed = enforceCredentialRBAC(sim, state, identity, req.header('X-Runner-Current-User'), projectName, req.params.sessionName ?? '', provider, res)
      if (!allowed) return
      switch (provider) {
        case 'github':
          return serveGitHub(sim, projectName, allowed, res)
        case 'google':
          return serveGoogle(sim, allowed, res)
        case 'jira':
          return serveJira(sim, allowed, res)
        case 'gitlab':
          return serveGitLab(sim, allowed, res)
        case 'coderabbit':
          return serveCodeRabbit(sim, allowed, res)
        case 'gerrit':
          return serveGerrit(sim, allowed, res)
      }
    }))
  }
  for (const route of extra) router.add(route.method, route.pattern, project(route.handler))

  const listener = await listen(
    'backend',
    async (raw, res) => {
      traceExternal(sim, 'backend', raw, res)
      const matched = router.match(raw)
      if (!matched) return sendGinNotFound(res)
      try {
        await matched.handler(matched.req, res)
      } catch (error) {
        if (error instanceof ActiveUserAssertionPanic) {
          sim.trace.emit('backend', { kind: 'log', level: 'error', text: `panic recovered: ${error.message}` })
          return sendPlatformError(sim, 'backend', res, 500, 'Internal server error', 'gin.Recovery turns a panic in a handler into a 500')
        }
        throw error
      }
    },
    (error) => sim.trace.emit('backend', { kind: 'log', level: 'error', text: `unexpected error: ${error instanceof Error ? error.message : String(error)}` }),
    port
  )
  sim.net.register(HOSTS.backend, HOSTS.backendPort, listener.port)
  return listener
}
