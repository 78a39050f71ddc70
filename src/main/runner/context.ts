/**
 * `RunnerContext` (docs/platform/runner.md#runnercontext): one per runner process, shared by every thread and run. Only
 * `setCurrentUser` changes the user fields, and it overwrites all three.
 */
export class RunnerContext {
  currentUserId = ''
  currentUserName = ''
  callerToken = ''

  constructor(
    readonly sessionId: string,
    readonly workspacePath: string
  ) {}

  setCurrentUser(userId: string, userName = '', token = ''): void {
    this.currentUserId = userId
    this.currentUserName = userName
    this.callerToken = token
  }
}
