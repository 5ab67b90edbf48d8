/** The two languages of the app: Chinese by default, English on request. */
export type Lang = 'zh' | 'en';

const LANG_KEY = 'lc_lang';

const STRINGS = {
  title: ['一刻钟便民生活圈', '15-minute living circle'],
  language: ['English', '中文'],
  languageLabel: ['切换到英文', 'Switch to Chinese'],
  elderlyMode: ['长者模式', 'Elderly mode'],
  search: ['搜索网点（中文或拼音首字母）', 'Search outlets (Chinese or pinyin initials)'],
  searchButton: ['搜索', 'Search'],
  categories: ['业态', 'Formats'],
  repairChip: ['小修小补', 'Small repairs'],
  allFormats: ['全部', 'All'],
  profile: ['步行速度', 'Walking speed'],
  adult: ['成年人', 'Adult'],
  elderly: ['老年人', 'Elderly'],
  openFilter: ['营业时间', 'Opening time'],
  anyTime: ['不限', 'Any time'],
  openNow: ['现在营业', 'Open now'],
  openAt: ['指定时间营业', 'Open at'],
  openAtTime: ['时间', 'Time'],
  useDeviceLocation: ['使用手机定位', 'Use my device’s location'],
  noGeolocation: ['无法获取定位，请点击地图设定位置', 'Location unavailable: tap the map instead'],
  tapMap: ['点击地图设定我的位置', 'Tap the map to set my location'],
  myLocation: ['我的位置', 'My location'],
  results: ['离我最近', 'Nearest to me'],
  searchResults: ['搜索结果', 'Search results'],
  noResults: ['15 分钟步行范围内没有找到', 'Nothing found within a 15-minute walk'],
  minutes: ['分钟', 'min'],
  walk: ['步行', 'walk'],
  open: ['营业中', 'Open'],
  closed: ['已打烊', 'Closed'],
  hours: ['营业时间', 'Opening hours'],
  services: ['服务', 'Services'],
  phone: ['电话', 'Phone'],
  address: ['地址', 'Address'],
  lastVerified: ['最近核实', 'Last verified'],
  never: ['未核实', 'Not verified'],
  reportClosed: ['报告已关门', 'Report closed'],
  reportWrong: ['报告信息有误', 'Report wrong information'],
  reportThanks: ['谢谢，已提交给街道', 'Thank you, sent to the street office'],
  requestService: ['这里缺少服务？提出需求', 'Missing a service here? Ask for it'],
  need: ['需要什么服务', 'What do you need'],
  send: ['提交', 'Send'],
  close: ['关闭', 'Close'],
  loading: ['加载中…', 'Loading…'],
  demoData: ['演示数据', 'Demo data'],
  residentNav: ['居民', 'Residents'],
  merchantNav: ['商户', 'Merchants'],
  streetNav: ['街道', 'Street office'],
  plannerNav: ['规划', 'Planner'],
  username: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  signIn: ['登录', 'Sign in'],
  signUp: ['注册商户', 'Register as merchant'],
  signOut: ['退出', 'Sign out'],
  merchantName: ['商户名称', 'Merchant name'],
  contactName: ['联系人', 'Contact name'],
  changePassword: ['首次登录请修改密码', 'Please change your password first'],
  oldPassword: ['原密码', 'Current password'],
  newPassword: ['新密码（至少 12 位）', 'New password (12 characters or more)'],
  save: ['保存', 'Save'],
  myOutlets: ['我的网点', 'My outlets'],
  newOutlet: ['网点进图', 'Put an outlet on the map'],
  outletName: ['网点名称', 'Outlet name'],
  hoursExample: ['例：Mo-Fr 07:00-19:00; Sa,Su 08:00-18:00', 'e.g. Mo-Fr 07:00-19:00; Sa,Su 08:00-18:00'],
  servicesHint: ['服务（用逗号分隔）', 'Services (comma-separated)'],
  pickLocation: ['在地图上点击网点位置', 'Tap the outlet’s position on the map'],
  location: ['位置', 'Location'],
  lng: ['经度', 'Longitude'],
  lat: ['纬度', 'Latitude'],
  submit: ['提交审核', 'Submit for review'],
  submitted: ['已提交，等待街道审核', 'Submitted; waiting for the street office'],
  status_pending: ['待审核', 'Pending'],
  status_active: ['已上线', 'Active'],
  status_rejected: ['未通过', 'Rejected'],
  status_closed: ['已关闭', 'Closed'],
  reviewQueue: ['待审核网点', 'Outlets waiting for review'],
  approve: ['通过', 'Approve'],
  reject: ['退回', 'Reject'],
  rejectReason: ['退回原因', 'Reason for rejecting'],
  queueEmpty: ['没有待审核的网点', 'Nothing waiting for review'],
  grade: ['等级', 'Grade'],
  residents: ['常住人口', 'Residents'],
  whatIf: ['假设新增网点', 'What if an outlet were added'],
  whatIfRun: ['在此坐标添加', 'Add at these coordinates'],
  noChange: ['该位置的居民已被覆盖，覆盖率不变', 'Residents here are already covered: no change'],
  whatIfHint: ['点击地图添加网点', 'Tap the map to add an outlet'],
  coverage: ['覆盖率', 'Coverage'],
  district: ['全区', 'District'],
  before: ['现状', 'Now'],
  after: ['新增后', 'After'],
  change: ['变化', 'Change'],
  portrait: ['生活圈画像', 'Circle portrait'],
  elderlyShare: ['60 岁以上占比', 'Share aged 60+'],
  density: ['人口密度（人/平方公里）', 'Density (per km²)'],
  weakest: ['最薄弱业态', 'Weakest formats'],
  signInAs: ['请以相应账号登录', 'Sign in with the matching account'],
  shortfalls: ['短板业态', 'Shortfalls'],
  uncovered: ['未覆盖居民', 'Residents uncovered'],
  compounds: ['个小区', 'compounds'],
  coverageChart: ['各业态覆盖率', 'Coverage per format'],
  recommendSites: ['推荐新增网点选址', 'Recommended sites'],
  numSites: ['网点数 k', 'Number of sites k'],
  recommend: ['推荐', 'Recommend'],
  coveredBefore: ['现状覆盖', 'Covered now'],
  residentsAdded: ['名居民新获覆盖', 'residents added'],
  delineation: ['生活圈划定建议', 'Proposed delineation'],
  delineationShow: ['显示建议划定（虚线）', 'Show the proposed circles (dashed)'],
  proposedCircles: ['建议生活圈数', 'Proposed circles'],
  circle: ['生活圈', 'Circle'],
  beyondWalk: ['超出步行范围居民占比', 'Share beyond the walk'],
  flags: ['问题', 'Flags'],
  flagTooLarge: ['过大', 'too large'],
  flagTooSmall: ['过小', 'too small'],
  flagTooDense: ['人口过密', 'too dense'],
  flagOverlapping: ['重叠', 'overlapping'],
  flagSplit: ['不连通', 'split'],
  reports: ['报告下载', 'Reports'],
  districtXlsx: ['全区报告（Excel）', 'District report (Excel)'],
  districtPdf: ['全区报告（PDF）', 'District report (PDF)'],
  fieldEvaluation: ['现场评估（对照国家指南）', 'Field evaluation (national guide)'],
  visitedOn: ['评估日期', 'Visited on'],
  present: ['具备', 'Present'],
  note: ['备注', 'Note'],
  notes: ['总体意见', 'Notes'],
  photos: ['照片', 'Photos'],
  photosHint: [
    '照片仅记录文件名，不上传图片本身。',
    'Only the photos’ file names are recorded; the images themselves are not uploaded.',
  ],
  saved: ['已保存', 'Saved'],
  tierBasic: ['基础保障类', 'basic'],
  tierQuality: ['品质提升类', 'quality'],
  pastEvaluations: ['历次现场评估', 'Past field evaluations'],
  noEvaluations: ['暂无现场评估', 'No field evaluations yet'],
  missing: ['缺少', 'Missing'],
  residentReports: ['居民反馈（网点信息纠错）', 'Residents’ reports'],
  residentRequests: ['居民服务需求', 'Residents’ requests'],
  nothingYet: ['暂无', 'None yet'],
  surveySummaries: ['满意度调查汇总', 'Survey aggregates'],
  responses: ['答卷数', 'Responses'],
  mean: ['平均分', 'Mean'],
  answers: ['回答数', 'Answers'],
  circlePdf: ['本生活圈报告（PDF）', 'This circle’s report (PDF)'],
} as const;

/** A key of the string table. */
export type StringKey = keyof typeof STRINGS;

let lang: Lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';

/** The current language. */
export function currentLang(): Lang {
  return lang;
}

/** Switches the language (remembered in localStorage) and updates `<html lang>`. */
export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem(LANG_KEY, next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
}

/** The string for a key in the current language. */
export function t(key: StringKey): string {
  return STRINGS[key][lang === 'en' ? 1 : 0];
}

/** The name of a category in the current language. */
export function categoryName(category: { nameZh: string; nameEn: string } | undefined, fallback = ''): string {
  if (category === undefined) return fallback;
  return lang === 'en' ? category.nameEn : category.nameZh;
}
