import { pinyinKeys } from './pinyin';

// Type-to-find for every option list of the desk (relation, housing type, owner, ID type, zone…):
// the clerk types part of the label, its pinyin initials (`fq` → 父亲) or its full pinyin
// (`fuqin`), as the application search does for names.

export interface ChoiceTerms {
  /** The option's own label. */
  label: string;
  /** Other names it is known by (a zone's aliases, its street), ranked after the label. */
  more?: readonly string[];
}

export interface ChoiceHit<T> {
  item: T;
  /** The other name that matched, when the label did not. */
  via?: string;
}

function squashQuery(q: string): string {
  return q.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** 0 best … 3 weakest, or -1: prefix of the text, prefix of its pinyin, inside the text, inside its pinyin. */
function tier(term: string, q: string): number {
  const k = pinyinKeys(term);
  if (k.text.startsWith(q)) return 0;
  if (k.initials.startsWith(q) || k.full.startsWith(q)) return 1;
  if (k.text.includes(q)) return 2;
  if (k.initials.includes(q) || k.full.includes(q)) return 3;
  return -1;
}

/**
 * The items matching `query`, best first: matches of the label before matches of its other names,
 * and within each, by `tier`; list order otherwise. An empty query keeps every item in order.
 */
export function rankChoices<T>(items: readonly T[], query: string, termsOf: (item: T) => ChoiceTerms): ChoiceHit<T>[] {
  const q = squashQuery(query);
  if (q === '') return items.map((item) => ({ item }));
  const ranked: ChoiceHit<T>[][] = Array.from({ length: 8 }, () => []);
  for (const item of items) {
    const { label, more = [] } = termsOf(item);
    const own = tier(label, q);
    if (own >= 0) {
      ranked[own]?.push({ item });
      continue;
    }
    let best: { rank: number; via: string } | null = null;
    for (const term of more) {
      const t = tier(term, q);
      if (t >= 0 && (best === null || t < best.rank)) best = { rank: t, via: term };
    }
    if (best) ranked[4 + best.rank]?.push({ item, via: best.via });
  }
  return ranked.flat();
}
