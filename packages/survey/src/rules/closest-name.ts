/** Edit distance (insertions, deletions, substitutions; a swap of neighbours counts once) between two names. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name a mistyped one most likely meant: the one that looks the same (O for 0, l for 1), else the only one
 * at the least distance, within two edits.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lookAlike = (text: string) => text.toUpperCase().replace(/O/g, '0').replace(/[LI]/g, '1');
  const sameLooking = known.filter((candidate) => lookAlike(candidate) === lookAlike(name));
  if (sameLooking.length === 1) return sameLooking[0];
  const limit = Math.min(2, Math.max(1, Math.floor(name.length / 3)));
  const scored = known
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit);
  const least = Math.min(...scored.map(({ distance }) => distance));
  const closest = scored.filter(({ distance }) => distance === least);
  return closest.length === 1 ? closest[0]!.candidate : undefined;
}
