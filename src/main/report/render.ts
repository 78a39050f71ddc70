import { renderHtml } from './html'
import { renderMarkdown } from './markdown'
import type { ReportFormat } from '../../shared/report-format'
import type { ReportModel } from './model'

/** The report in one format, with the file name it is saved under: `<name>.credscope-report.html` or `.md`. */
export function renderReport(model: ReportModel, format: ReportFormat): { filename: string; content: string } {
  switch (format) {
    case 'html':
      return { filename: `${model.name}.credscope-report.html`, content: renderHtml(model) }
    case 'md':
      return { filename: `${model.name}.credscope-report.md`, content: renderMarkdown(model) }
  }
}
