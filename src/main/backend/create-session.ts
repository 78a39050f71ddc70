import type { ServerResponse } from 'node:http'
import { z } from 'zod'
import type { HopContext } from '../sim/hop-context'
import { sendError, sendJson } from '../net/http-error'
import { parseJson, type Request } from '../net/router'
import { colonsToDashes, CREATED_BY_ANNOTATION } from '../world/identity'
import { extractRequestToken, type RequestIdentity, userScopedCaller } from '../backend-process/request-identity'

const createBody = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label').optional(),
    displayName: z.string().optional(),
    initialPrompt: z.string().optional(),
    parentSessionId: z.string().optional()
  })
  .passthrough()

/**
 * `POST /api/projects/:projectName/agentic-sessions` (docs/platform/identity.md#how-the-session-owner-is-set): the owner is the
 * parent's when parentSessionId is given, else gin userID, else the SelfSubjectReview username
 * with ':' replaced. A session ServiceAccount's created-by annotation attributes what it creates.
 */
export async function createSession(sim: HopContext, req: Request, res: ServerResponse, identity: RequestIdentity, onCreated: (project: string, name: string) => Promise<void>): Promise<void> {
  const project = req.params.projectName ?? ''
  const token = extractRequestToken(identity)
  if (!mayCreate(sim, identity, project)) return sendError(res, 403, 'Unauthorized')
  const parsed = createBody.safeParse(parseJson(await req.text(), 'Invalid request body: '))
  if (!parsed.success) return sendError(res, 400, `Invalid request body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const input = parsed.data
  const name = input.name ?? `agentic-session-${sim.random.hex(8)}`
  if (sim.cluster.session(project, name)) return sendError(res, 409, 'Session already exists')
  let userContext: { userId: string; userName: string }
  if (input.parentSessionId) {
    const parent = sim.cluster.session(project, input.parentSessionId)
    if (!parent) return sendError(res, 404, 'Parent session not found')
    userContext = { ...parent.userContext }
  } else {
    userContext = { userId: identity.userID || attributedOwner(sim, token), userName: identity.userName }
  }
  sim.cluster.sessions.set(`${project}/${name}`, {
    project,
    name,
    userContext,
    env: {},
    runner: 'claude',
    mcpServers: [],
    customMcpServers: null,
    controlPlane: null,
    parent: input.parentSessionId ?? null,
    phase: 'Pending'
  })
  sim.cluster.shares.set(`${project}/${name}`, new Map())
  sim.trace.emit('backend', { kind: 'note', text: `session ${project}/${name} created for owner ${userContext.userId || '(none)'}` })
  await onCreated(project, name)
  sendJson(res, 201, { message: 'Agentic session created successfully', name, userContext })
}

function mayCreate(sim: HopContext, identity: RequestIdentity, project: string): boolean {
  if (identity.runToken) return false
  try {
    return sim.cluster.accessReview(userScopedCaller(identity), 'create', project, 'agenticsessions')
  } catch {
    return false
  }
}

/** With no userID: the creating ServiceAccount's created-by annotation, else its SSR username. */
function attributedOwner(sim: HopContext, token: string): string {
  try {
    const review = sim.cluster.tokenReview(token)
    const annotation = review ? sim.cluster.serviceAccountOfUsername(review.username)?.annotations[CREATED_BY_ANNOTATION] : undefined
    if (annotation) return annotation
    return colonsToDashes(sim.cluster.selfSubjectReview(token))
  } catch {
    return ''
  }
}
