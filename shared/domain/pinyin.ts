import { pinyin } from 'pinyin-pro';
import { initialsWith, type InitialsLookup } from './names';

// pinyin-pro is kept out of names.ts so the name rules stay dependency-free and testable with a
// stub lookup; this file is the one place that binds them to the dictionary.

/**
 * First letters from pinyin-pro, reading the first character with surname readings (单 → s,
 * 曾 → z, 解 → x), as names start with the surname. Characters pinyin-pro does not know are
 * returned unchanged, which `initialsWith` keeps as themselves.
 */
export const pinyinProInitials: InitialsLookup = (hanRun) =>
  pinyin(hanRun, { pattern: 'first', toneType: 'none', type: 'array', mode: 'surname', surname: 'head' });

/**
 * Search key of pinyin initials for a person name, lower-case: '张三' → 'zs',
 * '阿依古丽·买买提' → 'ayglmmt'; characters without pinyin are kept ('𠮷田' → '𠮷t').
 */
export function pinyinInitials(name: string): string {
  return initialsWith(name, pinyinProInitials);
}
