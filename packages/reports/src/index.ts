export * from './report-data.js';
export { districtReportXlsx } from './xlsx-report.js';
export { circleReportPdf, districtReportPdf } from './pdf-report.js';
export { coverageColour, coverageBand, tierMeanCoverage, type CoverageBand } from './report-format.js';
