import { describe, expect, it } from 'vitest';
import { rankChoices } from './choiceSearch';
import { pinyinKeys } from './pinyin';

const relations = ['父亲', '母亲', '祖父', '祖母', '外祖父', '外祖母', '其他监护人'];
const find = (q: string, list = relations) => rankChoices(list, q, (label) => ({ label })).map((h) => h.item);

describe('type-to-find in option lists', () => {
  it('reads labels as pinyin initials and full pinyin', () => {
    expect(pinyinKeys('父亲')).toEqual({ text: '父亲', initials: 'fq', full: 'fuqin' });
    expect(pinyinKeys('购房合同（网签）')).toMatchObject({ initials: 'gfhtwq', full: 'goufanghetongwangqian' });
  });

  it('finds by initials, full pinyin or part of the label, best match first', () => {
    expect(find('fq')[0]).toBe('父亲');
    expect(find('mq')[0]).toBe('母亲');
    expect(find('fuqin')).toEqual(['父亲']);
    expect(find('muq')).toEqual(['母亲']);
    // A prefix of the initials ranks before the same letters inside another label.
    expect(find('f')).toEqual(['父亲', '祖父', '外祖父']);
    expect(find('wz')).toEqual(['外祖父', '外祖母']);
    expect(find('监护')).toEqual(['其他监护人']);
    expect(find('FQ')[0]).toBe('父亲');
    expect(find('x')).toEqual([]);
  });

  it('keeps the list in order for an empty query', () => {
    expect(find('')).toEqual(relations);
    expect(find('  ')).toEqual(relations);
  });

  it('matches other names after the label, and says which one matched', () => {
    const zones = [
      { name: '县委家属院', aliases: ['老县委宿舍', '县委大院'] },
      { name: '老街社区', aliases: [] },
    ];
    const hits = rankChoices(zones, 'l', (z) => ({ label: z.name, more: z.aliases }));
    expect(hits.map((h) => [h.item.name, h.via])).toEqual([
      ['老街社区', undefined],
      ['县委家属院', '老县委宿舍'],
    ]);
  });
});
