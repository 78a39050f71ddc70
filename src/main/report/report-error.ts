/** Why a report cannot be made: nothing by that name (`not-found`) or input that is not one (`bad-input`). */
export class ReportError extends Error {
  constructor(
    readonly code: 'not-found' | 'bad-input',
    message: string
  ) {
    super(message)
  }
}
