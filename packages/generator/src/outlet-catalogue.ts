/**
 * How the generator makes outlets of each taxonomy category: OpenStreetMap
 * tags as mappers would write them, Chinese names that carry the taxonomy's
 * name keywords where its weak tag sets need one, opening hours in
 * `opening_hours` syntax, and a density per 10,000 residents (before the
 * district's uneven supply field). A test checks that every category of the
 * built-in taxonomy is generated and classified back to itself.
 */
export interface OutletKind {
  categoryId: string;
  tags: Record<string, string>;
  names: string[];
  openingHours: string;
  perTenThousand: number;
  /** Share placed inside compounds rather than on the street. */
  insideShare: number;
  /** Services offered (`service:*` style), e.g. key cutting at repair points, parcels at convenience stores. */
  services?: Record<string, string>;
}

export const OUTLET_CATALOGUE: OutletKind[] = [
  {
    categoryId: 'convenience_store',
    tags: { shop: 'convenience' },
    names: ['全家', '罗森', '好德便利', '快客便利', '可的便利店', '喜士多'],
    openingHours: '24/7',
    perTenThousand: 3.5,
    insideShare: 0,
    services: { 'service:parcel_pickup': 'yes', 'service:copy': 'yes' },
  },
  {
    categoryId: 'comprehensive_supermarket',
    tags: { shop: 'supermarket' },
    names: ['联华超市', '华联超市', '世纪联华', '盒马鲜生'],
    openingHours: 'Mo-Su 07:30-22:00',
    perTenThousand: 0.7,
    insideShare: 0,
  },
  {
    categoryId: 'wet_market',
    tags: { amenity: 'marketplace' },
    names: ['菜市场', '标准化菜市场', '农贸市场'],
    openingHours: 'Mo-Su 05:30-18:30',
    perTenThousand: 0.45,
    insideShare: 0,
  },
  {
    categoryId: 'fresh_grocery',
    tags: { shop: 'greengrocer' },
    names: ['钱大妈', '生鲜', '蔬果店', '菜篮子'],
    openingHours: 'Mo-Su 07:00-21:30',
    perTenThousand: 1.2,
    insideShare: 0,
  },
  {
    categoryId: 'breakfast',
    tags: { amenity: 'fast_food', cuisine: 'chinese' },
    names: ['早餐店', '包子铺早点', '豆浆油条早餐', '馒头早点'],
    openingHours: 'Mo-Su 05:30-10:30',
    perTenThousand: 2,
    insideShare: 0,
  },
  {
    categoryId: 'laundry',
    tags: { shop: 'dry_cleaning' },
    names: ['福奈特洗衣', '象王洗衣', '荣昌洗染'],
    openingHours: 'Mo-Su 08:30-20:00',
    perTenThousand: 0.8,
    insideShare: 0,
  },
  {
    categoryId: 'hair_beauty',
    tags: { shop: 'hairdresser' },
    names: ['美发沙龙', '理发店', '发型工作室'],
    openingHours: 'Mo-Su 09:00-21:30',
    perTenThousand: 2.5,
    insideShare: 0,
  },
  {
    categoryId: 'photo_print',
    tags: { shop: 'copyshop' },
    names: ['图文快印', '打印复印', '文印店'],
    openingHours: 'Mo-Sa 08:30-19:00',
    perTenThousand: 0.6,
    insideShare: 0,
  },
  {
    categoryId: 'housekeeping',
    tags: { office: 'company' },
    names: ['家政服务', '保洁家政', '月嫂保姆家政'],
    openingHours: 'Mo-Sa 08:30-18:00',
    perTenThousand: 0.6,
    insideShare: 0,
  },
  {
    categoryId: 'repair_point',
    tags: { craft: 'shoemaker' },
    names: ['修鞋配钥匙', '便民维修点', '修伞修鞋'],
    openingHours: 'Mo-Sa 08:00-18:00',
    perTenThousand: 1,
    insideShare: 0.2,
    services: { 'service:key_cutting': 'yes', 'service:shoe_repair': 'yes', 'service:umbrella_repair': 'yes' },
  },
  {
    categoryId: 'pharmacy',
    tags: { amenity: 'pharmacy' },
    names: ['雷允上药房', '第一医药', '华氏大药房', '益丰大药房'],
    openingHours: 'Mo-Su 08:00-22:00',
    perTenThousand: 1.6,
    insideShare: 0,
  },
  {
    categoryId: 'postal_express',
    tags: { amenity: 'parcel_locker' },
    names: ['丰巢快递柜', '菜鸟驿站'],
    openingHours: '24/7',
    perTenThousand: 2.5,
    insideShare: 0.5,
  },
  {
    categoryId: 'recycling_point',
    tags: { amenity: 'recycling', recycling_type: 'centre' },
    names: ['再生资源回收点', '两网融合回收站'],
    openingHours: 'Mo-Su 08:00-17:00',
    perTenThousand: 0.4,
    insideShare: 0.3,
  },
  {
    categoryId: 'car_wash',
    tags: { amenity: 'car_wash' },
    names: ['洗车店', '汽车美容洗车'],
    openingHours: 'Mo-Su 08:00-20:00',
    perTenThousand: 0.3,
    insideShare: 0,
  },
  {
    categoryId: 'elderly_care',
    tags: { amenity: 'social_facility', 'social_facility:for': 'senior', social_facility: 'day_care' },
    names: ['长者照护之家', '日间照料中心', '综合为老服务中心'],
    openingHours: 'Mo-Fr 08:00-17:00',
    perTenThousand: 0.35,
    insideShare: 0.5,
  },
  {
    categoryId: 'community_canteen',
    tags: { amenity: 'canteen' },
    names: ['社区长者食堂', '老年助餐点', '睦邻食堂'],
    openingHours: 'Mo-Su 10:30-13:00,16:30-18:30',
    perTenThousand: 0.35,
    insideShare: 0.3,
  },
  {
    categoryId: 'specialty_restaurant',
    tags: { amenity: 'restaurant', cuisine: 'chinese' },
    names: ['本帮菜馆', '川菜馆', '面馆', '小笼馆'],
    openingHours: 'Mo-Su 10:30-21:30',
    perTenThousand: 4,
    insideShare: 0,
  },
  {
    categoryId: 'bakery_cake',
    tags: { shop: 'bakery' },
    names: ['85度C', '面包房', '烘焙坊', '蛋糕店'],
    openingHours: 'Mo-Su 07:00-21:00',
    perTenThousand: 1.2,
    insideShare: 0,
  },
  {
    categoryId: 'bookstore',
    tags: { shop: 'books' },
    names: ['新华书店', '社区书房', '钟书阁'],
    openingHours: 'Mo-Su 09:00-21:00',
    perTenThousand: 0.2,
    insideShare: 0,
  },
  {
    categoryId: 'fitness',
    tags: { leisure: 'fitness_centre' },
    names: ['健身房', '市民健身中心', '瑜伽馆'],
    openingHours: 'Mo-Su 06:30-22:00',
    perTenThousand: 0.7,
    insideShare: 0.1,
  },
  {
    categoryId: 'childcare',
    tags: { amenity: 'childcare' },
    names: ['社区托育点', '宝宝屋', '托儿所'],
    openingHours: 'Mo-Fr 07:30-17:30',
    perTenThousand: 0.35,
    insideShare: 0.5,
  },
  {
    categoryId: 'training_education',
    tags: { amenity: 'prep_school' },
    names: ['课外辅导', '书法美术培训', '艺术中心'],
    openingHours: 'Mo-Fr 15:00-21:00; Sa,Su 09:00-18:00',
    perTenThousand: 1,
    insideShare: 0,
  },
  {
    categoryId: 'travel_service',
    tags: { shop: 'travel_agency' },
    names: ['春秋旅行社', '国旅门店', '携程门店'],
    openingHours: 'Mo-Su 09:00-18:00',
    perTenThousand: 0.2,
    insideShare: 0,
  },
  {
    categoryId: 'health_wellness',
    tags: { shop: 'massage' },
    names: ['养生馆', '推拿足疗', '艾灸馆'],
    openingHours: 'Mo-Su 10:00-23:00',
    perTenThousand: 0.8,
    insideShare: 0,
  },
  {
    categoryId: 'flowers_gifts',
    tags: { shop: 'florist' },
    names: ['花店', '鲜花礼品', '花艺工作室'],
    openingHours: 'Mo-Su 08:30-20:30',
    perTenThousand: 0.5,
    insideShare: 0,
  },
  {
    categoryId: 'tea_coffee',
    tags: { amenity: 'cafe' },
    names: ['咖啡馆', '星巴克', '茶室'],
    openingHours: 'Mo-Su 08:00-22:00',
    perTenThousand: 1.3,
    insideShare: 0,
  },
  {
    categoryId: 'pet_services',
    tags: { shop: 'pet' },
    names: ['宠物店', '萌宠美容', '宠物生活馆'],
    openingHours: 'Mo-Su 09:30-20:30',
    perTenThousand: 0.4,
    insideShare: 0,
  },
  {
    categoryId: 'shared_space',
    tags: { amenity: 'community_centre' },
    names: ['共享客厅', '共享自习室', '邻里共享会客厅'],
    openingHours: 'Mo-Su 09:00-21:00',
    perTenThousand: 0.25,
    insideShare: 0.6,
  },
  {
    categoryId: 'community_health',
    tags: { amenity: 'clinic', healthcare: 'centre' },
    names: ['社区卫生服务站', '社区卫生服务中心'],
    openingHours: 'Mo-Fr 08:00-17:00; Sa 08:00-12:00',
    perTenThousand: 0.35,
    insideShare: 0,
  },
];
