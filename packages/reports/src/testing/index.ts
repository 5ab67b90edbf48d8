/** Test helpers other packages may use: sample reports and a PDF inspector (no viewer needed). */
export { sampleDistrictReport } from './sample-report.js';
export { largeDistrictReport } from './large-sample-report.js';
export { inspectPdf, toUnicodeCharacters, type PdfInspection, type PdfStream } from './pdf-inspect.js';
