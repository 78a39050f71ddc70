/** Kinds of event the step-through can stop on by itself. */
export const BREAKPOINT_KINDS = ['credential-denied', 'foreign-credential', 'leak', 'cleanup'] as const
export type BreakpointKind = (typeof BREAKPOINT_KINDS)[number]
