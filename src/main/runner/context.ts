/**
 * `RunnerContext` (docs/platform/runner.md#runnercontext): one per runner process, shared by every thread and run. Only
 * `setCurrentUser` changes the user fields, and it overwrites all of them.
 */
export class RunnerContext {
  currentUserId = ''
  currentUserName = ''
  callerToken = ''
  /** The user was named by a transport that has no token of theirs (a hardened turn over gRPC): the BOT request names them. */
  namedWithoutToken = false

  constructor(
    readonly sessionId: string,
    readonly workspacePath: string
  ) {}

  setCurrentUser(userId: string, userName = '', token = '', named = false): void {
    this.currentUserId = userId
    this.currentUserName = userName
    this.callerToken = token
    this.namedWithoutToken = named
  }
}
