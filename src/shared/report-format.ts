/** The formats a report is made in: one self-contained HTML page, or GitHub-flavoured Markdown for a ticket. */
export const REPORT_FORMATS = ['html', 'md'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
