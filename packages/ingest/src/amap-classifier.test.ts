import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTaxonomy } from '@lifecircle/shared';
import { defaultTaxonomy } from '@lifecircle/analysis';
import { classifyAmap, typecodePrefix } from './amap-classifier.js';

const taxonomy = defaultTaxonomy();

test('real Amap rows map to the taxonomy categories the rules name', () => {
  // Rows copied from shared/data/poi (name, type).
  const cases: [string, string, string[]][] = [
    ['小肥羊(长寿路店)', '餐饮服务;中餐厅;火锅店', ['specialty_restaurant']],
    ['国际饭店西饼屋(黄河路店)', '餐饮服务;糕饼店;糕饼店', ['bakery_cake']],
    ['国际饭店', '住宿服务;宾馆酒店;四星级宾馆|餐饮服务;糕饼店;糕饼店', ['bakery_cake']],
    // A generic clinic is not a format; a community health centre filed as 卫生院 is.
    ['上海外服门诊部', '医疗保健服务;诊所;诊所', []],
    ['黄浦区半淞园街道社区卫生服务中心', '医疗保健服务;综合医院;卫生院', ['community_health']],
    // The taxonomy has no clinic format: a 诊所 counts only as a community health station by name.
    ['耀江花园社区卫生服务站', '医疗保健服务;诊所;诊所', ['community_health']],
    ['利莹早餐店', '餐饮服务;餐饮相关场所;餐饮相关', ['breakfast']],
    ['申普宠物医院(徐家汇路店)', '医疗保健服务;动物医疗场所;宠物诊所', ['pet_services']],
    ['大眼包子(瞿溪路店)', '餐饮服务;餐饮相关场所;餐饮相关', ['breakfast']],
    ['Costa Coffee(仙乐斯店)', '餐饮服务;咖啡厅;咖啡厅', ['tea_coffee']],
    ['Me&Joe(鲁班路店)', '餐饮服务;快餐厅;快餐厅', []],
    ['人民广场', '交通设施服务;公交车站;公交车站', []],
  ];
  for (const [name, type, expected] of cases) assert.deepEqual(classifyAmap(type, name, taxonomy), expected, `${name} ${type}`);
});

/** A small taxonomy with one category per rule kind, so each rule is tested alone. */
const small = parseTaxonomy(
  [
    {
      id: 'supermarket',
      name_zh: '超市',
      name_en: 'Supermarket',
      tier: 'basic',
      default_walk_minutes: 10,
      osm: [],
      name_keywords: ['超市', 'aldi'],
      exclude_name_keywords: ['批发'],
      amap: {
        types: ['购物服务;超级市场'],
        typecodes: ['060400'],
        exclude_typecodes: ['060411'],
        candidate_types: ['购物服务;商场'],
      },
    },
    {
      id: 'service',
      name_zh: '生活服务',
      name_en: 'Service',
      tier: 'basic',
      default_walk_minutes: 10,
      osm: [],
      amap: { types: ['生活服务'] },
    },
  ],
  'small.json',
);

test('types match by whole leading levels, not by character prefix', () => {
  assert.deepEqual(classifyAmap('购物服务;超级市场;超市', '某店', small), ['supermarket']);
  assert.deepEqual(classifyAmap('购物服务;超级市场', '某店', small), ['supermarket']);
  assert.deepEqual(classifyAmap('购物服务;超级市场场所;x', '某店', small), []);
  assert.deepEqual(classifyAmap('购物服务', '某店', small), []);
  assert.deepEqual(classifyAmap('生活服务;洗衣店;洗衣店', '某店', small), ['service']);
  assert.deepEqual(classifyAmap('生活服务场所', '某店', small), []);
});

test('typecodes match by their significant prefix and exclude_typecodes veto', () => {
  assert.equal(typecodePrefix('060400'), '0604');
  assert.equal(typecodePrefix('050000'), '05');
  assert.equal(typecodePrefix('060411'), '060411');
  assert.deepEqual(classifyAmap('060401', '某店', small), ['supermarket']);
  assert.deepEqual(classifyAmap('060500', '某店', small), []);
  assert.deepEqual(classifyAmap('060411', '屈臣氏', small), []);
  assert.deepEqual(classifyAmap('060401|060411', '某店', small), []);
});

test('candidate types match only with a name keyword, looked for outside the bracketed branch', () => {
  assert.deepEqual(classifyAmap('购物服务;商场;购物中心', '百联西郊购物中心', small), []);
  assert.deepEqual(classifyAmap('购物服务;商场;购物中心', '联华超市', small), ['supermarket']);
  assert.deepEqual(classifyAmap('购物服务;商场;购物中心', '某商场(超市店)', small), []);
  assert.deepEqual(classifyAmap('购物服务;商场;购物中心', 'ALDI奥乐齐', small), ['supermarket']);
  // A keyword alone, without a candidate type, is not enough.
  assert.deepEqual(classifyAmap('餐饮服务;中餐厅', '超市饭店', small), []);
});

test('an excluding name keyword vetoes even a sufficient type', () => {
  assert.deepEqual(classifyAmap('购物服务;超级市场;超市', '某某批发超市', small), []);
  assert.deepEqual(classifyAmap('购物服务;超级市场;超市', '某某超市(批发路店)', small), ['supermarket']);
});

test('several |-joined types: any part can match', () => {
  assert.deepEqual(classifyAmap('餐饮服务;中餐厅|购物服务;超级市场', '某店', small), ['supermarket']);
  assert.deepEqual(classifyAmap(' | ', '某店', small), []);
});
