/** A failure an API call reports with a stable code. */
export class ApiFailure extends Error {
  constructor(
    readonly code: 'bad-input' | 'not-found' | 'unavailable' | 'failed',
    message: string
  ) {
    super(message)
  }
}
