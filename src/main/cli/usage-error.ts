/**
 * Bad input on the command line: printed as one line, exit code 2. A located error starts with
 * `file:line:col:` and is printed as it is, so CI problem matchers and editors can jump to it.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly located = false
  ) {
    super(message)
  }
}
