// Words the desk matches in what it reads or is typed — data, not messages (staff text is in shared/i18n).
// scripts/chineseLiterals.test.ts lists this file among the data files.

/** 户口簿 relations to the householder: 户主 and those of the householder's generation or above (never the child). */
export const ADULT_RELATIONS: ReadonlySet<string> = new Set(['户主', '妻', '夫', '父亲', '母亲', '祖父', '祖母', '外祖父', '外祖母', '儿媳', '女婿']);
/** 户口簿 relations of the householder's children and grandchildren. */
export const CHILD_RELATIONS = /^(长|次|三|四|独生|养|继)?[子女]$|^外?孙[子女]$/;

/** Plan material names whose pages are read (the core decides; these names only choose which to offer a scan for). */
export const READABLE_MATERIAL = /户口簿|户口本|不动产权证|房产证|(?<!港澳台居民)居住证/;

/** A typed day written the Chinese way or with separators: 2020年8月1日, 2020-8-1, 2020/08/01, 2020.8.1. */
export const WRITTEN_DAY = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
