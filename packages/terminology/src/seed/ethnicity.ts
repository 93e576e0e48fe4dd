import type { CodeSystem } from '@medplum/fhirtypes';
import { OID, SYSTEM } from '../urls.ts';
import { nationalCodeSystem, type SeedConcept } from './build.ts';

// code, name, GB 3304 two-letter code, English name
const ROWS = `
01 汉族 HA Han
02 蒙古族 MG Mongol
03 回族 HU Hui
04 藏族 ZA Tibetan
05 维吾尔族 UG Uyghur
06 苗族 MH Miao
07 彝族 YI Yi
08 壮族 ZH Zhuang
09 布依族 BY Bouyei
10 朝鲜族 CS Korean
11 满族 MA Manchu
12 侗族 DO Dong
13 瑶族 YA Yao
14 白族 BA Bai
15 土家族 TJ Tujia
16 哈尼族 HN Hani
17 哈萨克族 KZ Kazak
18 傣族 DA Dai
19 黎族 LI Li
20 傈僳族 LS Lisu
21 佤族 VA Va
22 畲族 SH She
23 高山族 GS Gaoshan
24 拉祜族 LH Lahu
25 水族 SU Sui
26 东乡族 DX Dongxiang
27 纳西族 NX Naxi
28 景颇族 JP Jingpo
29 柯尔克孜族 KG Kirgiz
30 土族 TU Tu
31 达斡尔族 DU Daur
32 仫佬族 ML Mulao
33 羌族 QI Qiang
34 布朗族 BL Blang
35 撒拉族 SL Salar
36 毛南族 MN Maonan
37 仡佬族 GL Gelao
38 锡伯族 XB Xibe
39 阿昌族 AC Achang
40 普米族 PM Pumi
41 塔吉克族 TA Tajik
42 怒族 NU Nu
43 乌孜别克族 UZ Uzbek
44 俄罗斯族 RS Russian
45 鄂温克族 EW Ewenki
46 德昂族 DE Deang
47 保安族 BN Bonan
48 裕固族 YG Yugur
49 京族 GI Gin
50 塔塔尔族 TT Tatar
51 独龙族 DR Derung
52 鄂伦春族 OR Oroqen
53 赫哲族 HZ Hezhen
54 门巴族 MB Monba
55 珞巴族 LB Lhoba
56 基诺族 JN Jino`;

const concepts: SeedConcept[] = [
  ...ROWS.trim()
    .split('\n')
    .map((line) => {
      const [code, zh, alpha, en] = line.trim().split(' ');
      return { code, zh, en, properties: { alpha } };
    }),
  { code: '97', zh: '其他', en: 'Other' },
  { code: '98', zh: '外国血统中国籍人士', en: 'Chinese citizen of foreign origin' },
];

/** GB 3304-1991 中国各民族名称的罗马字母拼写和代码 (56 nationalities, 其他, 外国血统). */
export const ethnicityCodes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.ethnicity,
  oid: OID.ethnicity,
  version: 'GB 3304-1991',
  name: 'GB3304Ethnicity',
  title: '民族类别代码表（GB 3304）',
  titleEn: 'Ethnicity (GB 3304)',
  description: '中国各民族名称的罗马字母拼写和代码；毛南族在标准文本中写作“毛难族”',
  properties: [{ code: 'alpha', description: 'GB 3304 两位字母代码 (two-letter code)' }],
  concepts,
});
