"""textnorm.normalize and textnorm.homophones: canonical question text, padding, follow-ups, typos."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textnorm.homophones import build_homophones, correct, vocabulary_bigrams, vocabulary_chars
from textnorm.normalize import is_follow_up, normalize, strip_padding

# Item, project and indicator names of the 2024 budget of 泽州县人大常委会办公室, plus common 科目.
BUDGET_NAMES = tuple(
    """
    一类会议标准 一级指标 一般公共服务支出 一般公共预算 一般公共预算基本支出情况说明 一般公共预算当年拨款结构图 一般公共预算支出情况说明 七届六次人代会 三级指标 上年结转 上年结转安排
    上年财政拨款结转 业务应用系统 主管部门及代码 乡村振兴驻村工作队专项柳口镇下村村 事业单位医疗 二类会议标准 二级指标 交通运输支出 产出指标 享受遗属生活补助人数 人代会会议召开达标率
    人代会召开时间 人员经费 人大事务 人大代表小组活动次数 人大代表履职能力提升 人大代表满意度 人大代表通讯、交通补贴经费 人大会议 人大常委会专门会议室建设数量 人大常委会专门会议室建设达标率
    人大常委会专门会议室改造时间 人大监督 代表之家的数量 代表之家装修改造时间 代表之家装修改造费用 代表在行动栏目 代表培训经费 代表履职补贴发放及时性 代表履职补贴发放达标率 代表工作
    代表联络站个数 代表集中视察时间 住房保障支出 住房公积金 住房改革支出 促进人大工作更 促进人大工作更高效、代 促进人大财经工作更高效 促进代表互动交流 保证人大代表职责的履行 保证各项活动正常开展
    保证项目实施的制度、措施 保障人大代表履行职权 保障人民当家做主的权利 保障市人大代表活动正常开展 保障遗属补助按时发放 债务付息支出 债务发行费用支出 债务还本支出 公共安全支出 公务员医疗补助
    公务员医疗补助缴费 公务接待费 公务用车购置及运行费 公用经费 其他交通费用 其他人大事务支出 其他支出 其他政府办公厅（室）及相关机构事务支出 其他社会保障缴费 其他行政事业单位医疗支出 其他说明
    其他资金 农林水支出 办公室 办公经费 办公设备购置成本 办公费 医疗费补助 单位名称 单位自筹 单位资金 卫生健康支出 县人大代表之家建设经费 县人大代表满意度 县人大常委会会议室建设经费
    县人大常委会参会人员 县代表及相关职能部门 县代表联络站活动开展时间 参加代表活动满意度 参加会议的代表人数 发挥人大代表的作用 发挥人大监督作用 发放代表履职补贴人数 发放遗属取暖费
    发放遗属生活补助费 发放遗属补助达标率 召开人代会次数 可持续影响指标 商业服务业等支出 商品和服务支出 因公出国（境）费 国有资产占有使用情况 国有资本经营收入预算 国有资本经营预算
    国有资本经营预算支出 国有资本经营预算收入 国防支出 城乡社区支出 培训人大代表数量 培训时间 培训标准 培训课程安排合理性 基本工资 基本支出 增强工作人员的公仆和廉政意识 外交支出 奖励金
    实施单位 实施期目标 对个人和家庭的补助 履职补贴支付时间 工会经费 工资奖金津补贴 工资福利支出 差旅费 市人大代表人数 市人大代表活动开展时间 市人大代表活动经费标准 市人大代表满意度
    市代表开展活动次数 市代表开展活动达标率 市县(区)财政资金 常委会举办达标率 常委会人员出勤率 常委会会议室建设预算控制 常委会会议费 常委会参会人员满意度 常委会参会人数 常委会召开时间
    常委会召开次数 延续性项目(阶段开展) 当年预算安排 总体目标 成本指标 抗疫特别国债安排的支出 报纸验收合格率 指标值 提升人大代表联络站建设 提升代表履职主动性 提升联络站工作人员业务
    提升联络站工作人员业务能力 提高人大代表履职能力 提高代表履职尽职的能力 提高代表履行职务的能力 提高县人大信息 提高县人大信息化、智慧 提高县人大预算信息化、智慧化建设水 援助其他地区支出 支出总计
    支出预算情况说明 收入总计 收入科目编码 收入预算图 收入预算情况说明 政府办公厅（室）及相关机构事务 政府性基金 政府性基金收入预算 政府性基金预算 政府购买服务指导性目录 政府采购情况
    政府预算支出经济科目名称 效益指标 教育支出 数量指标 整体绩效目标 文化旅游体育与传媒支出 时效指标 月下旬 服务代表活动保障经费 服务代表购置经费 服务对象满意度 服务对象满意度指
    服务对象满意度指标 本年支出合计 本年收入 本年收入合计 本部门职责 机关事业单位基本养老保险缴费 机关事业单位基本养老保险缴费支出 机关事业单位职业年金缴费支出 机关运行经费增减变动原因说明
    机构设置情况 每两个月 每半年 每名代表活动保障经费 泽州县人民代表大会常务委员会办公室 津贴补贴 满意度指标 满足代表工作学习的能力 灾害防治及应急管理支出 生态效益指标 省级财政资金
    确保每次会议的顺利召开 社会保险基金支出 社会保障和就业支出 社会保障缴费 社会效益指标 社会福利和救助 离休费 离退休费 科学技术支出 科目名称 科目编码 立项依据 粮油物资储备支出 系统完成时间
    系统建设及设备 系统建设及设备购置完成 系统建设及设备购置成本 系统设备质量达标率 经济效益指标 绩效工资 绩效指标 绩效管理情况 职业年金缴费 职工基本医疗保险缴费 联络站工作人员满意度
    联络站工作安排合理性 联络站工作达标率 联络站接待群众次数 联络站经费标准 自然资源海洋气象等支出 节能环保支出 行政事业单位养老支出 行政事业单位医疗 行政单位医疗 行政单位离退休 行政运行
    补贴标准 装修改造质量合格率 装修设计变更率 订阅报纸的人大代表数量 订阅报纸种类 设备购置质量达标率 财政专户管理资金 财政拨款收支预算总体情况说明 财经工作人员满意度 质量指标
    资源勘探工业信息等支出 转移性支出 退休费 遗属补助 遗属补助标准 部门合计 部门预算支出经济科目名称 部门预算收支数据变动情况及原因 金融支出 集中培训次数 集中视察工作达标率 项目名称
    项目实施计划 项目属性 项目支出 项目期 项目概况 项目绩效目标 项目设立必要性 项目资金(元) 预备费 预算数 预算联网监督系统 预算联网监督系统费用 领取遗属补助人员满意度
    （项目绩效目标表公开情况见附件）
    印刷费 咨询费 手续费 水费 电费 邮电费 取暖费 物业管理费 维修（护）费 租赁费 会议费 培训费 专用材料费
    劳务费 委托业务费 福利费 公务用车运行维护费 其他商品和服务支出 抚恤金 生活补助 助学金 代表视察调研经费
    立法调研经费 执法检查经费 人大立法 人大信访工作 一般行政管理事务 事业运行 机关服务
    """.split()
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NFKC, case, white space
        ("１２３", "123"),
        ("（代表培训经费）", "(代表培训经费)"),
        ("２０２４年", "2024年"),
        ("  ＰＰＰ   Project  ", "ppp project"),
        ("代表 培训　经费", "代表培训经费"),
        ("代表\u200b培训\ufeff经费", "代表培训经费"),
        ("多少，是吗？好！注：甲；乙、丙。", "多少,是吗?好!注:甲;乙、丙."),
        ("3。5万元", "3.5万元"),
        # traditional → simplified
        ("代表培訓經費是多少", "代表培训经费是多少"),
        ("預算會議報告", "预算会议报告"),
        ("兩個", "2个"),
        # numerals that are quantities or years
        ("二〇二四年", "2024年"),
        ("二零二三年", "2023年"),
        ("二〇二四", "2024"),
        ("二〇二四年三月", "2024年3月"),
        ("五十万", "50万"),
        ("五十五万元", "55万元"),
        ("一百二十", "120"),
        ("百分之十", "10%"),
        ("百分之五十", "50%"),
        ("百分之三点五", "3.5%"),
        ("百分之百", "100%"),
        ("百分之10", "10%"),
        ("三点五", "3.5"),
        ("零点五", "0.5"),
        ("三点五万元", "3.5万元"),
        ("一点五亿", "1.5亿"),
        ("前三", "前3"),
        ("前三名", "前3名"),
        ("两个", "2个"),
        ("十二个月", "12个月"),
        ("十月", "10月"),
        ("一千零五十元", "1050元"),
        ("一百五", "150"),
        ("一千二", "1200"),
        ("两万五", "25000"),
        ("一万", "1万"),
        ("一亿五千万", "15000万"),
        ("培训三次", "培训3次"),
        ("三至五年", "3至5年"),
        ("二〇二三至二〇二四年", "2023至2024年"),
        ("每两个月", "每2个月"),
        # numerals inside fixed words stay
        ("七届六次人代会", "七届六次人代会"),
        ("一般公共预算", "一般公共预算"),
        ("第一部分", "第一部分"),
        ("一、基本情况", "一、基本情况"),
        ("三公经费", "三公经费"),
        ("统一", "统一"),
        ("一下", "一下"),
        ("一共", "一共"),
        ("一起", "一起"),
        ("一次性补助", "一次性补助"),
        ("十一届", "十一届"),
        ("十四五规划", "十四五规划"),
        ("十三五", "十三五"),
        ("几十万", "几十万"),
        ("上百万", "上百万"),
        ("千万不要", "千万不要"),
        ("万一", "万一"),
        ("三四年", "三四年"),
        ("两三年", "两三年"),
        ("一两年", "一两年"),
        # a year of this century by its last two digits
        ("江苏人大办公厅一七年社会保障和就业支出", "江苏人大办公厅17年社会保障和就业支出"),
        ("二五年预算", "25年预算"),
        ("五一", "五一"),
        ("五六个", "五六个"),
        ("两会", "两会"),
        ("一级指标", "一级指标"),
        ("十分", "十分"),
        ("百分之几", "百分之几"),
        ("三分之一", "三分之一"),
        ("百分之五十万", "百分之五十万"),
        ("百分之一零零零", "百分之一零零零"),
        ("三点五两个", "三点五两个"),  # two adjacent runs: converting both would give "3.52个"
        ("五十5", "五十5"),
        ("一百分之零百分之0", "一百分之零百分之0"),  # ill-formed: left alone, idempotently
        # other input
        ("", ""),
        ("   ", ""),
        ("'; DROP TABLE facts;--", "'; drop table facts;--"),
        ("<b>代表</b>", "<b>代表</b>"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请问一下，咱们县的代表培训经费大概多少钱呀？", "代表培训经费多少钱"),
        ("請問一下，咱們縣人大的代表培訓經費大概多少錢呀？", "人大的代表培训经费多少钱"),
        ("你好，我想知道常委会会议费是多少", "常委会会议费是多少"),
        ("麻烦帮我查一下差旅费左右多少啊", "差旅费多少"),
        ("那常委会会议费呢", "常委会会议费"),
        ("那去年呢？", "去年"),
        ("代表培训经费多少吗吧？！", "代表培训经费多少"),
        ("那曲市的办公费多少", "那曲市的办公费多少"),
        ("请问", ""),
        ("呢", ""),
    ],
)
def test_strip_padding(text: str, expected: str) -> None:
    assert strip_padding(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那常委会会议费呢", True),
        ("常委会会议费呢？", True),
        ("那去年呢", True),
        ("那去年呢？", True),
        ("请问，那去年呢", True),
        ("它的执行率是多少", True),
        ("其中人员经费多少", True),
        ("这个项目多少钱", True),
        ("两个加起来多少", True),
        ("这两项一共多少", True),
        ("代表培训经费多少", False),
        ("代表培训经费是多少呢", False),
        ("请问一下，咱们县的代表培训经费大概多少钱呀？", False),
        ("那曲市的办公费多少", False),
        ("", False),
    ],
)
def test_is_follow_up(text: str, expected: bool) -> None:
    assert is_follow_up(text) is expected


# --- homophones --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lexicon() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    return build_homophones(BUDGET_NAMES), vocabulary_chars(BUDGET_NAMES), vocabulary_bigrams(BUDGET_NAMES)


def test_build_homophones_maps_typos_to_vocabulary_chars(
    lexicon: tuple[dict[str, str], frozenset[str], frozenset[str]],
) -> None:
    homophones, chars, _ = lexicon
    assert homophones["陪"] == "培"
    assert not chars & homophones.keys()  # real words are never rewritten
    assert all(set(targets) <= chars for targets in homophones.values())
    assert "是" not in homophones and "的" not in homophones  # question words stay
    assert 1_000 < len(homophones) < 3_755  # within GB 2312 level 1


def test_build_homophones_keeps_every_candidate_most_frequent_first() -> None:
    homophones = build_homophones(["经费", "北京", "经济"])
    assert homophones["精"] == "经京"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("代表陪训经费", "代表培训经费"),
        ("代表陪训", "代表培训"),
        ("代表培训经费是多少", "代表培训经费是多少"),
        ("abc 123", "abc 123"),
    ],
)
def test_correct(
    lexicon: tuple[dict[str, str], frozenset[str], frozenset[str]], text: str, expected: str
) -> None:
    homophones, chars, bigrams = lexicon
    assert correct(text, homophones, chars) == expected
    assert correct(text, homophones, chars, bigrams) == expected


def test_correct_picks_the_candidate_that_makes_a_vocabulary_bigram() -> None:
    names = ["经费", "北京", "经济"]
    homophones, chars, bigrams = build_homophones(names), vocabulary_chars(names), vocabulary_bigrams(names)
    assert correct("精费", homophones, chars, bigrams) == "经费"
    assert correct("北精", homophones, chars, bigrams) == "北京"
    assert correct("精费", homophones, chars) == "精费"  # two candidates, no context: unchanged
    assert correct("精彩", homophones, chars, bigrams) == "精彩"  # no bigram supports a change


def test_correct_with_bigrams_fixes_adjacent_typos(
    lexicon: tuple[dict[str, str], frozenset[str], frozenset[str]],
) -> None:
    homophones, chars, bigrams = lexicon
    assert len(homophones["熏"]) > 1 and "训" in homophones["熏"]  # 训 旬 讯 询
    assert correct("代表陪熏经费", homophones, chars, bigrams) == "代表培训经费"


def test_correct_with_bigrams_leaves_unrelated_words_alone(
    lexicon: tuple[dict[str, str], frozenset[str], frozenset[str]],
) -> None:
    homophones, chars, bigrams = lexicon
    assert correct("咱们县办公费", homophones, chars, bigrams) == "咱们县办公费"


def test_vocabulary_chars_never_change() -> None:
    names = ["代表培训经费", "陪同"]
    homophones, chars = build_homophones(names), vocabulary_chars(names)
    assert "陪" not in homophones
    assert correct("代表陪训", homophones, chars) == "代表陪训"


# --- properties --------------------------------------------------------------------------------

FRAGMENTS = (
    "零 〇 一 二 两 三 四 五 六 七 八 九 十 百 千 万 亿 点 百分之 第 届 次 次会 般 公 部分 、 前 几 年 个 元 % "
    "请问 一下 咱们县的 大概 呀 呢 吗 那 那么 它 其中 ， 。 ？ ！ ： ； （ ） ０ ９ Ａ ｚ . , ? 1 5 "
    "經費 預算 會議 兩 萬 億 點 個 代表 培训 经费 \u3000 \u200b \t \n ' \" ; -- < > & DROP SELECT <br/> "
    "至 到 ~ - 分之 次人代会 点五 二〇二四 请问一下 İ ǅ ﬃ"
).split(" ")
NUMERAL_TEXT = st.lists(st.sampled_from(FRAGMENTS), max_size=16).map("".join)
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


@settings(max_examples=500)
@given(st.one_of(ANY_TEXT, NUMERAL_TEXT))
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300)
@given(st.one_of(ANY_TEXT, NUMERAL_TEXT))
def test_strip_padding_is_idempotent(text: str) -> None:
    core = strip_padding(text)
    assert strip_padding(core) == core
    assert normalize(core) == core
    assert isinstance(is_follow_up(text), bool)


@settings(max_examples=200)
@given(st.text(st.sampled_from("代表陪训熏经精费是的咱们县北京济a1 "), max_size=12))
def test_correct_never_changes_vocabulary_chars(text: str) -> None:
    names = ["代表培训经费", "北京", "经济"]
    homophones, chars, bigrams = build_homophones(names), vocabulary_chars(names), vocabulary_bigrams(names)
    for fixed in (correct(text, homophones, chars), correct(text, homophones, chars, bigrams)):
        assert len(fixed) == len(text)
        assert all(a == b for a, b in zip(text, fixed, strict=True) if a in chars or not a.strip())


# --- packaging ---------------------------------------------------------------------------------


def test_t2s_table_is_well_formed() -> None:
    data = json.loads(files("textnorm").joinpath("data/t2s.json").read_text(encoding="utf-8"))
    assert len(data["traditional"]) == len(data["simplified"]) > 4_000
    assert not set(data["simplified"]) & set(data["traditional"])


def test_import_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, textnorm.normalize as n; n.normalize('請問一下代表培訓經費五十萬元'); "
        "print(sorted(m for m in ('jieba', 'pypinyin', 'zhconv') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_correct_prefers_the_candidate_that_fits_both_neighbours() -> None:
    names = ["“智慧人大”系统建设", "常委会参会人员满意度", "常委会会议费"]
    homophones, chars, bigrams = build_homophones(names), vocabulary_chars(names), vocabulary_bigrams(names)
    assert correct("智惠人大", homophones, chars, bigrams) == "智慧人大"


def test_an_office_of_a_committee_goes_by_its_matter() -> None:
    from ingest.names import short_names

    assert short_names("首都绿化委员会办公室") == ("首都绿化办",)
    assert "扶贫开发办" in short_names("苏州市扶贫开发领导小组办公室")
    assert "人大办公室" in short_names("泽州县人民代表大会常务委员会办公室")  # a congress keeps its own


def test_a_body_printed_with_its_second_name_goes_by_either() -> None:
    from ingest.names import short_names

    names = short_names("上海市财务会计综合管理事务中心（上海市财政科学研究所）")
    assert {"上海市财务会计综合管理事务中心", "财务会计综合管理事务中心", "上海市财政科学研究所"} <= set(
        names
    )
    # a scope in brackets is no second name
    assert "泉州市公安局" not in short_names("泉州市公安局（本级）")


def test_an_agency_of_a_government_goes_by_its_place() -> None:
    from ingest.names import short_names

    assert {"广州市国资委", "广州国资委"} <= set(short_names("广州市人民政府国有资产监督管理委员会"))
    assert "西安市办公厅" not in short_names("西安市人民政府办公厅")  # the government's own office


def test_the_region_of_a_party_committee_body() -> None:
    from knowledge.places import region_words

    assert region_words("中共烟台市委宣传部") == ("烟台市", "烟台")  # not 中共烟台市


def test_a_branch_goes_by_its_own_name() -> None:
    from ingest.names import short_names

    assert "深汕监管局" in short_names("深圳市市场监督管理局深汕监管局")
    assert "宝安管理局" in short_names("深圳市规划和自然资源局宝安管理局")
    assert not any(name.endswith("部") and len(name) <= 3 for name in short_names("中共深圳市委宣传部"))
