// Classes for outlier detection and estimation: enterprises are compared (and borrow growth) within their industry
// and province; a class with too few units gives quartiles and ratios that mean nothing, so its units are pooled
// into the next coarser class of a fixed ladder until the class is large enough.

/** A unit to be classed: its industry code (GB/T 4754, four digits) and its region (six-digit division code). */
export interface ClassableUnit {
  id: string;
  industryCode: string;
  regionCode: string;
}

/** One rung of the pooling ladder: how many leading digits of the industry code and which area form a class. */
export interface ClassLevel {
  /** 4: the industry class (小类), 2: the division (大类), 0: all industries. */
  industryDigits: 4 | 2 | 0;
  area: 'province' | 'nation';
}

/** Industry × province, then pooled upward: industry 4 → 2 digits → all industries, then province → nation. */
export const DEFAULT_CLASS_LADDER: readonly ClassLevel[] = [
  { industryDigits: 4, area: 'province' },
  { industryDigits: 2, area: 'province' },
  { industryDigits: 0, area: 'province' },
  { industryDigits: 0, area: 'nation' },
];

/** The class a unit ended in. */
export interface EstimationClass {
  /** Stable key, e.g. `6511|44`, `65|44`, `*|44`, `*|*`. */
  key: string;
  /** Industry code prefix of the class; '' for all industries. */
  industry: string;
  /** Two-digit province code; '' for the nation. */
  province: string;
  /** Index of the rung in the ladder (0 = the finest). */
  level: number;
  /** Every unit of the class (all units whose codes match it, whichever class they themselves ended in). */
  memberIds: string[];
  /** Fewer units than the minimum: a unit ends here only when even the last rung is this small. */
  isBelowMinimum: boolean;
}

export interface ClassOptions {
  /** A class with fewer units than this is pooled into the next rung. */
  minUnits: number;
  ladder?: readonly ClassLevel[];
}

/** The province of a six-digit division code: its first two digits. */
function provinceOf(regionCode: string): string {
  return regionCode.slice(0, 2);
}

function classCoordinates(
  industryCode: string,
  province: string,
  level: ClassLevel,
): { industry: string; province: string } {
  return {
    industry: industryCode.slice(0, level.industryDigits),
    province: level.area === 'province' ? province : '',
  };
}

function classKey(industry: string, province: string): string {
  return `${industry || '*'}|${province || '*'}`;
}

/**
 * Forms the classes of the given units and returns, per unit id, the finest class of the ladder with at least
 * `minUnits` units (the last rung when none has). Classes are counted over all units, so a small class pools into
 * its whole parent class, siblings included.
 */
export function assignEstimationClasses(
  units: readonly ClassableUnit[],
  options: ClassOptions,
): Map<string, EstimationClass> {
  const ladder = options.ladder ?? DEFAULT_CLASS_LADDER;
  if (ladder.length === 0) throw new Error('the class ladder needs at least one level');
  const classesByLevel = ladder.map(() => new Map<string, EstimationClass>());
  // Units of one industry and province climb the same ladder: its rungs are looked up once per such pair, not per
  // unit (a national run classes tens of thousands of units into a few hundred pairs).
  const ladderByCodes = new Map<string, Map<string, EstimationClass[]>>();
  const ladderOf = (unit: ClassableUnit): EstimationClass[] => {
    const province = provinceOf(unit.regionCode);
    let byProvince = ladderByCodes.get(unit.industryCode);
    if (!byProvince) ladderByCodes.set(unit.industryCode, (byProvince = new Map()));
    let path = byProvince.get(province);
    if (!path) {
      path = ladder.map((level, index) => {
        const coordinates = classCoordinates(unit.industryCode, province, level);
        const key = classKey(coordinates.industry, coordinates.province);
        const classes = classesByLevel[index] as Map<string, EstimationClass>;
        let found = classes.get(key);
        if (!found) {
          found = { key, ...coordinates, level: index, memberIds: [], isBelowMinimum: false };
          classes.set(key, found);
        }
        return found;
      });
      byProvince.set(province, path);
    }
    return path;
  };
  const paths = units.map((unit) => {
    const path = ladderOf(unit);
    for (const found of path) found.memberIds.push(unit.id);
    return path;
  });
  for (const classes of classesByLevel) {
    for (const found of classes.values()) found.isBelowMinimum = found.memberIds.length < options.minUnits;
  }
  const assignment = new Map<string, EstimationClass>();
  for (const [index, unit] of units.entries()) {
    const path = paths[index] as EstimationClass[];
    assignment.set(
      unit.id,
      path.find((candidate) => !candidate.isBelowMinimum) ?? (path.at(-1) as EstimationClass),
    );
  }
  return assignment;
}

/** The distinct classes of an assignment, each once, in the order first met. */
export function distinctClasses(assignment: ReadonlyMap<string, EstimationClass>): EstimationClass[] {
  return [...new Set(assignment.values())];
}
