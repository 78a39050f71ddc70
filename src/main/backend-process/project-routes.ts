import type { ServerResponse } from 'node:http'
import type { Request } from '../net/router'
import type { RequestIdentity } from './request-identity'

/** A handler under `/api/projects/:projectName`, after identity and ValidateProjectContext. */
export type ProjectHandler = (req: Request, res: ServerResponse, identity: RequestIdentity) => Promise<void> | void

/** Routes other parts of the backend process add (the AG-UI proxy). */
export interface ProjectRoutes {
  method: 'GET' | 'POST'
  pattern: string
  handler: ProjectHandler
}
