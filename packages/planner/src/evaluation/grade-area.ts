import type { Category } from '@lifecircle/shared';
import type { GradeReason } from './area-evaluation.js';
import type { Grade, GradingRules } from './grading-rules.js';

/** The grade of an area from the formats present, with the gates of the first grade it misses. */
export function gradeArea(
  present: ReadonlySet<string>,
  categories: readonly Category[],
  rules: GradingRules,
): { basicShare: number; qualityShare: number; groupsMet: string[]; grade: Grade; reasons: GradeReason[] } {
  const share = (tier: 'basic' | 'quality') => {
    const inTier = categories.filter((c) => c.tier === tier && c.walkEvaluated);
    // §4.4 counts the guide's official formats; a taxonomy that marks none is counted whole.
    const official = inTier.filter((c) => c.official);
    const list = rules.officialFormatsOnly && official.length > 0 ? official : inTier;
    return list.length === 0 ? 0 : list.filter((c) => present.has(c.id)).length / list.length;
  };
  const basicShare = share('basic');
  const qualityShare = share('quality');
  const isGroupMet = (name: string) =>
    (rules.groups[name] ?? []).every((alternatives) => alternatives.some((id) => present.has(id)));
  const groupsMet = Object.keys(rules.groups).filter(isGroupMet);
  let grade: Grade = '未达标';
  for (const gate of rules.grades) {
    const reasons: GradeReason[] = [];
    if (basicShare < gate.minBasicShare) reasons.push({ grade: gate.grade, gate: 'basicShare', detail: basicShare.toFixed(3) });
    if (qualityShare < gate.minQualityShare)
      reasons.push({ grade: gate.grade, gate: 'qualityShare', detail: qualityShare.toFixed(3) });
    for (const name of gate.groups) if (!isGroupMet(name)) reasons.push({ grade: gate.grade, gate: 'group', detail: name });
    for (const id of gate.mustHave) if (!present.has(id)) reasons.push({ grade: gate.grade, gate: 'mustHave', detail: id });
    if (reasons.length > 0) return { basicShare, qualityShare, groupsMet, grade, reasons };
    grade = gate.grade;
  }
  return { basicShare, qualityShare, groupsMet, grade, reasons: [] };
}
