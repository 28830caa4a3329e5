"""bot.replies and bot.flood: pure rendering and counting, no Telegram, no database."""

import re
from decimal import Decimal

import pytest

from bot import replies, texts
from bot.flood import ALLOW, IGNORE, WARN, FloodGuard
from knowledge.answer import Answer, Candidate, Source
from knowledge.engine import DocumentInfo, TableInfo, TableView

DOCUMENT = "泽州县人民代表大会常务委员会办公室2024年度部门预算公开"
TABLE = "2024年项目支出预算表（本年预算）"
TRAINING = Source(DOCUMENT, TABLE, "代表培训经费", "合计", None, 312)


def numbered(question: str) -> str:
    return f"q:{len(question)}"


def answered(**changes: object) -> Answer:
    fields: dict[str, object] = {
        "question": "代表培训经费多少",
        "status": "answered",
        "text": "代表培训经费 2024 年预算 55.00 万元。",
        "value": Decimal("55.00"),
        "unit": "万元",
        "sources": (TRAINING,),
        "suggestions": ("它占项目支出的比例", "那常委会会议费呢", "基本支出多少", "第四个不显示"),
        "headline": "55.00万元",
    }
    fields.update(changes)
    return Answer(**fields)  # type: ignore[arg-type]


def test_answer_with_bold_headline_source_and_three_suggestions() -> None:
    [reply] = replies.render_answer(answered(), numbered)
    assert (
        reply.text
        == "代表培训经费 2024 年预算 <b>55.00万元</b>。\n来源：2024年项目支出预算表（本年预算） · 代表培训经费"
    )
    buttons = [(b.text, b.callback_data) for row in reply.keyboard.inline_keyboard for b in row]
    assert buttons == [("它占项目支出的比例", "q:9"), ("那常委会会议费呢", "q:8"), ("基本支出多少", "q:6")]


def test_headline_absent_from_text_is_put_first() -> None:
    html = replies.answer_html(answered(text="见下表。", headline="1,199.43万元"))
    assert html.startswith("<b>1,199.43万元</b>\n见下表。")


def test_derivation_and_more_sources() -> None:
    total = Source(DOCUMENT, TABLE, "合计", "合计", None, 330)
    answer = answered(
        text="占 9.81%。", sources=(TRAINING, total), derivation="55.00 ÷ 560.78 = 9.81%", headline="9.81%"
    )
    assert replies.answer_html(answer).splitlines() == [
        "占 <b>9.81%</b>。",
        "计算：55.00 ÷ 560.78 = 9.81%",
        "来源：2024年项目支出预算表（本年预算） · 代表培训经费（另有1处，/source 查看）",
    ]


def test_the_engine_full_source_line_gives_way_to_a_short_one() -> None:
    full = "代表培训经费：2024年预算55.00万元。\n来源：" + TRAINING.describe()
    assert replies.answer_html(answered(text=full)) == (
        "代表培训经费：2024年预算<b>55.00万元</b>。\n来源：2024年项目支出预算表（本年预算） · 代表培训经费"
    )
    total = Source(DOCUMENT, "2024年预算支出总表", "合计", "2024年预算数/项目支出", None, 146)
    assert replies.short_source(total) == "2024年预算支出总表 · 合计 · 项目支出"


def test_user_text_is_escaped() -> None:
    answer = Answer("<b>x</b> & y", "not_found", "文件里没有找到“<b>x</b> & y”。")
    [reply] = replies.render_answer(answer, numbered)
    assert reply.text == "文件里没有找到“&lt;b&gt;x&lt;/b&gt; &amp; y”。"
    assert reply.keyboard is None


def test_ambiguous_answer_offers_candidates_as_buttons() -> None:
    answer = Answer(
        "会议费",
        "ambiguous",
        "“会议费”可能指：",
        candidates=(
            Candidate("常委会会议费", "常委会会议费多少"),
            Candidate("七届六次人代会经费", "七届六次人代会经费多少"),
        ),
    )
    [reply] = replies.render_answer(answer, numbered)
    assert reply.text == "“会议费”可能指："
    buttons = [(b.text, b.callback_data) for row in reply.keyboard.inline_keyboard for b in row]
    assert buttons == [("常委会会议费", "q:8"), ("七届六次人代会经费", "q:11")]


def test_many_body_candidates_fit_telegram_limits() -> None:
    """Fifty counties' 教育局: ten buttons, plain-text labels (Telegram parses no HTML in a button)
    cut to BUTTON_CHARS, short callback keys whatever the question, and the rest said in the text."""
    bodies = [f"第{n}县<教育局> & 体育局" for n in range(50)] + ["某" * 60]
    candidates = tuple(Candidate(f"{body}（2024年预算）", f"{body}基本支出多少") for body in bodies)
    answer = Answer("县教育局基本支出多少", "ambiguous", "“教育局”有几个，请选择：", candidates=candidates)
    keys: dict[str, str] = {}

    def key_for(question: str) -> str:
        return keys.setdefault(question, f"q:{len(keys) + 1}")

    [reply] = replies.render_answer(answer, key_for)
    assert reply.text == "“教育局”有几个，请选择：\n" + texts.CANDIDATES_MORE.format(count=51, shown=10)
    buttons = [(b.text, b.callback_data) for row in reply.keyboard.inline_keyboard for b in row]
    assert len(reply.keyboard.inline_keyboard) == replies.MAX_CANDIDATES == len(buttons)
    assert buttons[0] == ("第0县<教育局> & 体育局（2024年预算）", "q:1")
    assert [keys[candidate.question] for candidate in candidates[:10]] == [data for _, data in buttons]
    assert all(len(data.encode()) <= 64 for _, data in buttons)
    long_label = replies.button_label(candidates[-1].label)
    assert len(long_label) == replies.BUTTON_CHARS and long_label.endswith("…")
    assert replies.button_label("阳城县\n教育局  （2024年预算）") == "阳城县 教育局 （2024年预算）"


def test_long_answer_is_split_under_the_limit_with_buttons_on_the_last_part() -> None:
    long_text = "".join(
        f"第{i}行：代表培训经费 55.00 万元 <与> 常委会会议费 & 20.00 万元。\n" for i in range(400)
    )
    parts = replies.render_answer(answered(text=long_text), numbered)
    assert len(parts) > 1
    assert all(len(part.text) <= replies.MESSAGE_LIMIT for part in parts)
    assert [part.keyboard is not None for part in parts] == [False] * (len(parts) - 1) + [True]
    joined = "\n".join(part.text for part in parts)
    assert joined.count("<b>55.00万元</b>") == 1 and joined.count("&lt;与&gt;") == 400


@pytest.mark.parametrize("limit", [7, 10, 13, 50])
def test_split_never_cuts_inside_a_tag_an_entity_or_a_bold_run(limit: int) -> None:
    html = "前言 &amp; <b>55.00万元</b> 后记&lt;完&gt;" * 3
    parts = replies.split_html(html, limit)
    assert "".join(parts) == html.replace("\n", "")
    for part in parts:
        assert len(part) <= max(limit, len("<b>55.00万元</b>"))
        assert part.count("<b>") == part.count("</b>")
        assert not re.search(r"&[a-z]*$|<[^>]*$", part)


def test_source_html_gives_every_field() -> None:
    html = replies.source_html(answered())
    assert html == (
        "<b>上一个回答的出处</b>\n\n问题：代表培训经费多少\n\n"
        "1. 文件：《泽州县人民代表大会常务委员会办公室2024年度部门预算公开》\n"
        "   表格：2024年项目支出预算表（本年预算）\n   行：代表培训经费\n   列：合计\n   位置：文本第312行"
    )
    assert replies.source_html(None) == texts.SOURCE_NONE


def test_help_lists_every_command() -> None:
    html = replies.help_html()
    for command, description in texts.COMMANDS:
        assert f"/{command}{' N' if command == 'table' else ''} — {description}" in html
    assert [command for command, _ in texts.COMMANDS] == [
        "start", "help", "docs", "tables", "table", "source", "chart", "reload",
    ]  # fmt: skip


def test_documents_and_tables() -> None:
    document = DocumentInfo(1, DOCUMENT, "泽州县人大常委会办公室", (), 2024, "预算", "部门", 13)
    assert replies.documents_html([document]) == [
        "<b>已载入的文件</b>\n• 泽州县人民代表大会常务委员会办公室2024年度部门预算公开（2024年预算，13张表）"
    ]
    tables = [
        TableInfo(1, "2024年预算收支总表", "万元", 24, False),
        TableInfo(9, "国有资本经营预算", "万元", 0, True),
    ]
    assert replies.tables_html(DOCUMENT, tables) == [
        f"<b>{DOCUMENT}的表格</b>（/table N 查看第 N 张）\n1. 2024年预算收支总表（万元，24行）\n9. 国有资本经营预算（本表无数据）"
    ]


def test_a_province_of_documents_is_listed_in_part() -> None:
    documents = [
        DocumentInfo(n, f"第{n}县教育局2024年度部门预算公开", f"第{n}县教育局", (), 2024, "预算", "部门", 13)
        for n in range(10_000)
    ]
    start = replies.start_reply(documents, str)
    assert start.text.count("• ") == replies.START_DOCUMENTS
    assert texts.START_MORE_DOCUMENTS.format(count=10_000) in start.text
    assert len(start.text) <= replies.MESSAGE_LIMIT
    parts = replies.documents_html(documents)
    assert sum(part.count("• ") for part in parts) == replies.DOCS_DOCUMENTS
    assert all(len(part) <= replies.MESSAGE_LIMIT for part in parts)
    assert parts[-1].endswith(texts.DOCS_MORE.format(count=10_000, shown=replies.DOCS_DOCUMENTS))
    assert replies.documents_html([]) == [texts.DOCS_NONE]


def test_table_pages_and_their_buttons() -> None:
    rows = tuple((f"项目{i}", f"{i}.00", "", f"{i}.50") for i in range(45))
    view = TableView(
        DOCUMENT, "2024年预算收支总表", "万元", ("项目", "合计", "基本支出", "项目支出"), rows, "注：无"
    )
    pages = replies.table_pages(view)
    assert len(pages) == 3
    assert pages[0].startswith(
        f"<b>2024年预算收支总表</b>\n《{DOCUMENT}》 单位：万元\n\n<b>项目0</b>\n    合计 0.00 · 项目支出 0.50\n"
    )
    assert pages[0].endswith("第 1/3 页") and pages[2].endswith("注：无\n第 3/3 页")
    keyboard = replies.table_keyboard(1, 3, lambda page: f"t:1:{page}:")
    assert [(b.text, b.callback_data) for b in keyboard.inline_keyboard[0]] == [
        ("◀ 上一页", "t:1:0:"),
        ("下一页 ▶", "t:1:2:"),
    ]
    assert replies.table_keyboard(0, 1, str) is None


def test_flood_guard_warns_once_then_stays_silent_until_it_cools() -> None:
    guard = FloodGuard(limit=3)
    assert [guard.check(t) for t in (0, 1, 2, 3, 4, 5)] == [ALLOW, ALLOW, ALLOW, WARN, IGNORE, IGNORE]
    assert guard.check(60) == ALLOW  # the first question left the minute
    assert guard.check(60.5) == WARN  # over the limit again: warned again
