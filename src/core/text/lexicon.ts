/**
 * Chinese -> English words for database vocabulary, so a Chinese question or comment meets English identifiers.
 * The bulk comes from data/zh-lexicon.txt, derived from CC-CEDICT at build time (scripts/build-zh-lexicon.mjs,
 * CC BY-SA 4.0, see data/NOTICE.md); a small curated table adds the senses a schema means when the dictionary's
 * first senses are about something else (表 is "table" here, not "watch"). Loaded once, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

// The senses schemas use. Dictionary senses are kept too; these come first.
const CURATED: Record<string, string> = {
  表: 'table', 名: 'name', 名字: 'name', 名称: 'name', 数: 'number count', 数量: 'quantity count number', 量: 'quantity amount',
  额: 'amount', 金额: 'amount', 价: 'price', 价格: 'price', 单价: 'unit price', 类: 'category type', 类别: 'category', 类型: 'type',
  种类: 'type category', 号: 'number', 编号: 'id number code', 代码: 'code', 日期: 'date', 时间: 'time date', 年: 'year', 月: 'month',
  状态: 'status', 用户: 'user', 地址: 'address', 电话: 'phone', 手机: 'phone mobile', 邮箱: 'email', 部门: 'department',
  工资: 'salary', 薪水: 'salary', 薪资: 'salary', 学生: 'student', 课程: 'course', 成绩: 'grade score', 销量: 'sales quantity',
  销售: 'sale', 销售额: 'sales revenue total', 艺人: 'artist', 歌手: 'artist singer', 曲目: 'track', 歌曲: 'song track', 歌: 'song track',
  播放列表: 'playlist', 媒体: 'media', 员工: 'employee', 雇员: 'employee', 职员: 'employee', 上级: 'manager report',
  国家: 'country', 城市: 'city', 省: 'province state', 州: 'state', 订单: 'order', 商品: 'product', 产品: 'product',
  供应商: 'supplier', 库存: 'inventory stock', 仓库: 'warehouse', 客户: 'customer client', 顾客: 'customer', 会员: 'member',
  航班: 'flight', 机场: 'airport', 航空公司: 'airline', 乘客: 'passenger', 医院: 'hospital', 医生: 'doctor', 病人: 'patient',
  患者: 'patient', 汽车: 'car', 车: 'car vehicle', 司机: 'driver', 发票: 'invoice', 账单: 'bill invoice', 明细: 'detail line item',
  专辑: 'album', 流派: 'genre', 风格: 'genre style', 作曲: 'composer', 作曲家: 'composer', 时长: 'duration length millisecond',
  评分: 'rating score', 评论: 'review comment', 备注: 'note remark', 描述: 'description', 说明: 'description', 标题: 'title',
  作者: 'author', 图书: 'book', 书: 'book', 借阅: 'loan borrow', 贷款: 'loan', 账户: 'account', 帐户: 'account', 交易: 'transaction',
  支付: 'payment', 付款: 'payment', 金: 'amount', 费用: 'fee cost', 成本: 'cost', 利润: 'profit', 收入: 'income revenue',
  门店: 'store shop', 商店: 'store shop', 店: 'store shop', 分店: 'branch store', 支行: 'branch', 区: 'district region',
  地区: 'region district', 区域: 'region area', 人口: 'population', 项目: 'project', 任务: 'task', 活动: 'event activity',
  酒店: 'hotel', 房间: 'room', 预订: 'booking reservation', 电影: 'movie film', 演员: 'actor', 导演: 'director', 票: 'ticket',
  合同: 'contract', 公司: 'company', 企业: 'company enterprise', 学校: 'school', 老师: 'teacher', 教师: 'teacher', 班级: 'class',
  考试: 'exam', 分数: 'score', 比赛: 'match race game', 球队: 'team', 球员: 'player', 赛季: 'season', 车手: 'driver',
  物流: 'shipment logistics', 发货: 'shipment ship', 运费: 'freight shipping', 退货: 'return', 折扣: 'discount', 优惠券: 'coupon',
  库: 'stock', 登录: 'login', 日志: 'log', 权限: 'permission', 角色: 'role', 标签: 'tag label', 分类: 'category',
};

export interface Lexicon {
  get(word: string): readonly string[] | undefined;
  has(word: string): boolean;
  readonly size: number;
}

/**
 * The data file's lines are sorted by headword, so lookups binary-search the text itself: opening the lexicon
 * costs one read and one scan for line starts, not 75,000 map entries (that took seconds on a busy machine).
 */
class SortedLexicon implements Lexicon {
  private readonly starts: Int32Array;
  private readonly curated = new Map<string, string[]>();
  private readonly merged = new Map<string, readonly string[] | undefined>();

  constructor(private readonly text: string) {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n + 1);
    let k = 0;
    if (text.length) starts[k++] = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i + 1 < text.length; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.starts = starts.subarray(0, k);
    for (const [zh, en] of Object.entries(CURATED)) this.curated.set(zh, en.split(' '));
  }

  get size(): number {
    return this.starts.length;
  }

  private headword(i: number): string {
    const s = this.starts[i];
    return this.text.slice(s, this.text.indexOf('\t', s));
  }

  private lookup(word: string): string[] | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = this.headword(mid);
      if (h === word) {
        const s = this.starts[mid] + h.length + 1;
        const e = this.text.indexOf('\n', s);
        return this.text.slice(s, e < 0 ? undefined : e).split(' ');
      }
      if (h < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(word: string): boolean {
    return this.curated.has(word) || this.get(word) !== undefined;
  }

  get(word: string): readonly string[] | undefined {
    if (this.merged.has(word)) return this.merged.get(word);
    const c = this.curated.get(word);
    const d = this.lookup(word);
    const words = c && d ? [...new Set([...c, ...d])] : (c ?? d);
    if (this.merged.size > 50_000) this.merged.clear();
    this.merged.set(word, words);
    return words;
  }
}

let loaded: Lexicon | undefined;

/**
 * data/zh-lexicon.txt next to the sources (src/core/text) or the bundles (dist/, dist/lazy/...). The VSIX ships it
 * brotli-compressed columns (data/zh-lexicon.txt.br, 0.26 MB smaller than the zip's deflate; scripts/package.mjs).
 */
function lexiconFile(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    for (const f of [join(dir, 'data', 'zh-lexicon.txt.br'), join(dir, 'data', 'zh-lexicon.txt')]) if (existsSync(f)) return f;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

// The VSIX's form (scripts/package.mjs): the headwords, each as the length it shares with the one before and the
// rest, then their glosses, one per line in the same order. Brotli packs the columns 0.07 MB smaller than the lines.
const COLUMNS = 'tabletalk-lexicon-columns 1\n';

function linesFromColumns(columns: string): string {
  const split = columns.indexOf('\n\n');
  const heads = columns.slice(0, split).split('\n');
  const glosses = columns.slice(split + 2).split('\n');
  if (split < 0 || heads.length !== glosses.length) throw new Error('The Chinese lexicon file is damaged: reinstall TableTalk.');
  let previous = '';
  const lines = heads.map((h, i) => {
    previous = previous.slice(0, Number(h[0])) + h.slice(1);
    return `${previous}\t${glosses[i]}\n`;
  });
  return lines.join('');
}

/** The lexicon file's text: plain, or brotli-compressed (.br) lines or columns. */
export function readLexiconText(file: string): string {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.br') ? brotliDecompressSync(bytes) : bytes).toString('utf8');
  return text.startsWith(COLUMNS) ? linesFromColumns(text.slice(COLUMNS.length)) : text;
}

/** Headword -> English words, curated senses first. Without the data file, the curated table alone. */
export function zhLexicon(): Lexicon {
  if (loaded) return loaded;
  const file = lexiconFile();
  loaded = new SortedLexicon(file ? readLexiconText(file) : '');
  return loaded;
}

/** Longest headword length worth trying in segmentation. */
export const MAX_HEADWORD = 4;
