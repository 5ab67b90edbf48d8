/**
 * Reports the commission hands on: the district report as XLSX, and per-circle
 * and district PDFs (A4, Noto Sans SC embedded and subset, vector maps and
 * charts). Input is plain data (report-data.ts), filled by the caller from the
 * planner's evaluation.
 */
export * from './report-data.js';
export { districtReportXlsx, SUMMARY_SHEET, SOURCES_SHEET } from './xlsx-report.js';
export { circleReportPdf, districtReportPdf, MAX_COMPOUNDS_LISTED } from './pdf-report.js';
export { CJK_FONT_FILES } from './cjk-font.js';
export { coverageColour, coverageBand, tierMeanCoverage, type CoverageBand } from './report-format.js';
