// How addresses write China's administrative divisions (行政区划): the endings of a division's name and the words
// that end like one but are not one. Input-matching data, not staff text: zones.ts reads the divisions an address
// starts with by these, so an address in another county is not taken for one of the plan's zones.

export type DivisionLevel = 'province' | 'city' | 'county';

/**
 * Endings of a division's name with the level they mark, longest first. 市 is read as a city (地级市); the plan's own
 * county or province named with 市 (胶州市, 北京市) is recognised by its name before the ending is looked at.
 * `autonomous`: an autonomous division (自治…), whose name holds its peoples' names and is long.
 */
export const DIVISION_ENDINGS: readonly { ending: string; level: DivisionLevel; autonomous?: true }[] = [
  { ending: '特别行政区', level: 'province' },
  { autonomous: true, ending: '自治区', level: 'province' },
  { autonomous: true, ending: '自治州', level: 'city' },
  { autonomous: true, ending: '自治县', level: 'county' },
  { autonomous: true, ending: '自治旗', level: 'county' },
  { ending: '地区', level: 'city' },
  { ending: '林区', level: 'county' },
  { ending: '特区', level: 'county' },
  { ending: '省', level: 'province' },
  { ending: '市', level: 'city' },
  { ending: '州', level: 'city' },
  { ending: '盟', level: 'city' },
  { ending: '县', level: 'county' },
  { ending: '区', level: 'county' },
  { ending: '旗', level: 'county' },
];

/** 州 followed by one of these is part of the name (杭州市, 通州区). */
export const ZHOU = '州';
export const AFTER_ZHOU = '市区县';

/** A whole name that ends like a division but is a part of a place ("the town centre", 北区 of a compound). */
export const NOT_DIVISION_NAMES: readonly string[] = [
  '城区', '市区', '郊区', '新区', '老区', '辖区', '本区', '全区', '东区', '西区', '南区', '北区', '中区', '上区', '下区', '前区', '后区', '内区', '外区',
];

/** Endings of a name that is not a division: a compound, a school campus, a development zone, a market. */
export const NOT_DIVISION_ENDINGS: readonly string[] = [
  '小区', '社区', '园区', '校区', '景区', '街区', '片区', '厂区', '营区', '院区', '库区', '矿区',
  '开发区', '高新区', '工业区', '保税区', '示范区', '试验区', '经济区', '功能区', '商业区', '生活区', '住宅区', '办公区', '风景区', '旅游区', '产业区',
  '超市', '夜市', '早市', '集市',
];

/**
 * A part of a place named by its side (老干部中心北区, 3 号院东区): a long name ending in a side and 区. The districts
 * named so are short (河东区, 市南区, 城中区).
 */
export const SIDE_PART = /^\p{Script=Han}{3,}[东南西北中]区$/u;

/** Words for the plan's own division (本县, 我县, 本市): the name before the ending. */
export const OWN_WORDS = '本我该全';

/**
 * Characters that end a street, a building or a village: a run holding one after its first character is not read
 * as a division (a division may start with one: 路北区, 道里区, 镇江市, 乡宁县).
 */
export const PLACE_PART_CHARS = '路街道巷弄号楼栋单室院苑园村镇乡屯组社厂场站店门';

/**
 * Words after a division ending that show it was part of a word (县委, 市政府, 县直, 区域, 市场, 城市花园). Single
 * characters that begin place names (长 of 石家庄市长安区, 府 of 府谷县, 广 of 广安市) are not among them.
 */
export const WORDS_AFTER_ENDING: readonly string[] = ['委', '政府', '直', '属', '级', '域', '场', '花园', '广场'];

/** A place name followed by this is a street named after it (杭州路, 福州南路, 广州大道), not the place. */
export const STREET_AFTER_NAME = /^[东南西北中]?(?:路|街|大街|大道|巷|胡同|弄)/u;

/** An annotation a plan writes after a name: 示例县（示例）. */
export const NAME_ANNOTATION = /[（(][^）)]*[）)]/gu;
