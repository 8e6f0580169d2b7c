import dayjs, { type Dayjs } from 'dayjs';

const cache = new Map<string, Dayjs>();

/**
 * The date picker's value for a stored `YYYY-MM-DD` day, the same object for the same day on every render.
 * antd's pickers take a value of a new identity as a new value from outside and reset what is being typed into
 * them: a picker fed `dayjs(from)` afresh at each render lost a clerk's typed range whenever the list re-rendered
 * between two keys (seen as a flaky e2e, reproduced 2 in 6 with a slowed CPU). Dayjs objects are immutable, so one
 * per day can be shared.
 */
export function dayOf(day: string | null | undefined): Dayjs | null {
  if (!day) return null;
  let d = cache.get(day);
  if (d === undefined) {
    if (cache.size >= 512) cache.clear();
    d = dayjs(day);
    cache.set(day, d);
  }
  return d;
}

const ranges = new Map<string, [Dayjs | null, Dayjs | null]>();

/** A range picker's value for two stored days, stable in identity like {@link dayOf} (shared: never mutate it). */
export function dayRangeOf(from: string | null | undefined, to: string | null | undefined): [Dayjs | null, Dayjs | null] {
  const key = `${from ?? ''}/${to ?? ''}`;
  let r = ranges.get(key);
  if (r === undefined) {
    if (ranges.size >= 512) ranges.clear();
    r = [dayOf(from), dayOf(to)];
    ranges.set(key, r);
  }
  return r;
}
