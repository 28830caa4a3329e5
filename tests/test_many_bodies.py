"""Many similar bodies in one database: the reference document under 24 renamed bodies × 2 years.

A body is its region and name; a short name shared by several bodies is asked back with
one candidate per body; a question naming the county selects that body's documents only.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from manybodies import bodies, write_documents

from ingest.pipeline import documents, ingest, parse_files
from ingest.store import store
from knowledge.answer import AMBIGUOUS, ANSWERED, NOT_FOUND
from knowledge.engine import Conversation, Engine
from knowledge.queries import Reader, connect, search_documents

BODIES = bodies(24)  # 8 counties' 教育局, 财政局 and 人大常委会办公室


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("many")
    paths = write_documents(directory, BODIES, [2023, 2024])
    outcomes = ingest(directory / "many.db", paths, workers=1)
    assert all(outcome.document is not None for outcome in outcomes)
    return directory / "many.db"


@pytest.fixture(scope="module")
def engine(database: Path) -> Engine:
    return Engine.open(database)


def test_every_generated_body_and_year_is_its_own_document(engine: Engine) -> None:
    documents = engine.documents()
    assert len(documents) == 48
    assert {d.body for d in documents} == set(BODIES)
    assert {d.year for d in documents} == {2023, 2024}


def test_a_county_and_a_body_select_that_body(engine: Engine) -> None:
    answer = engine.ask("阳城县教育局代表培训经费多少")
    assert answer.status == ANSWERED
    assert answer.value == 55 and answer.unit == "万元"
    assert answer.sources[0].document.startswith("阳城县教育局2024年")


def test_the_region_without_its_level_narrows_a_short_name(engine: Engine) -> None:
    answer = engine.ask("沁水教育局基本支出多少")
    assert answer.status == ANSWERED
    assert answer.value == Decimal("638.64")
    assert answer.sources[0].document.startswith("沁水县教育局")


def test_a_shared_short_name_asks_which_body_naming_each_in_full(engine: Engine) -> None:
    answer = engine.ask("教育局代表培训经费多少")
    assert answer.status == AMBIGUOUS
    labels = [candidate.label for candidate in answer.candidates]
    assert labels[0] == "阳城县教育局（2024年预算）"
    assert all("教育局" in label for label in labels) and len(labels) == 8
    chosen = engine.ask(answer.candidates[1].question)
    assert chosen.status == ANSWERED
    assert chosen.sources[0].document.startswith("沁水县教育局2024年")


def test_a_level_short_name_is_ambiguous_between_the_bodies_of_that_level(engine: Engine) -> None:
    answer = engine.ask("县财政局基本支出多少")
    assert answer.status == AMBIGUOUS
    assert all("县财政局" in candidate.label for candidate in answer.candidates)
    assert not any("高平市" in candidate.label for candidate in answer.candidates)


def test_a_body_of_another_region_is_not_answered_with_a_loaded_one(engine: Engine) -> None:
    answer = engine.ask("海淀区财政局基本支出多少")
    assert answer.status == NOT_FOUND
    assert "海淀区财政局" in answer.text and answer.value is None


def test_a_body_typed_with_a_character_left_out_is_matched(engine: Engine) -> None:
    answer = engine.ask("阳城县教局基本支出多少")
    assert answer.status == ANSWERED
    assert answer.text.startswith("（按“阳城县教育局”理解）")
    assert answer.sources[0].document.startswith("阳城县教育局")


def test_two_departments_of_one_county_are_not_confused(engine: Engine) -> None:
    answer = engine.ask("阳城县民政局基本支出多少")  # 民政局 is not loaded; 财政局 differs by one character
    assert answer.status == NOT_FOUND


def test_a_follow_up_naming_only_a_year_keeps_the_body(engine: Engine) -> None:
    conversation = Conversation()
    first = engine.ask("陵川县财政局代表培训经费多少", conversation)
    assert first.sources[0].document.startswith("陵川县财政局2024年")
    follow = engine.ask("那2023年呢", conversation)
    assert follow.status == ANSWERED
    assert follow.sources[0].document.startswith("陵川县财政局2023年")


def test_a_follow_up_naming_another_body_keeps_the_item_and_then_the_year_keeps_both(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("陵川县财政局2023年基本支出多少", conversation)
    other = engine.ask("那阳城县教育局呢", conversation)
    assert other.status == ANSWERED and other.value == Decimal("638.64")
    assert other.text.startswith("【阳城县教育局】基本支出")
    assert other.sources[0].document.startswith("阳城县教育局")
    year = engine.ask("那2023年呢", conversation)
    assert year.value == Decimal("638.64") and year.sources[0].document.startswith("阳城县教育局2023年")
    assert year.sources[0].column.endswith("基本支出")


def test_a_shared_short_name_inside_an_item_name_adds_no_body(engine: Engine) -> None:
    # 人大 is short for eight counties' 人大常委会办公室, and a word of the project's name; 阳城 is
    # part of the body named, not a region typed for 人大
    answer = engine.ask("阳城县教育局“智慧人大”系统建设多少")
    assert answer.status == ANSWERED and answer.value == Decimal("87.30")
    assert answer.sources[0].document.startswith("阳城县教育局2024年")


def test_a_question_tied_to_no_body_gets_no_guessed_figure(database: Path) -> None:
    engine = Engine.open(database, all_documents_limit=10)
    answer = engine.ask("2024年呢")  # a follow-up without its conversation: no body, nothing indexed
    assert answer.status == NOT_FOUND and answer.value is None and "单位名称" in answer.text


def test_a_share_follow_up_naming_another_body_is_that_body_s_share(engine: Engine) -> None:
    conversation = Conversation()
    first = engine.ask("陵川县财政局2024年基本支出占比多少", conversation)
    assert first.status == ANSWERED and first.value == Decimal("53.25")
    other = engine.ask("那阳城县教育局呢", conversation)
    assert other.status == ANSWERED and other.value == Decimal("53.25")
    assert {source.document[:6] for source in other.sources} == {"阳城县教育局"}


def test_after_a_body_named_without_an_answer_the_next_follow_up_stays_with_it(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("陵川县财政局基本支出多少", conversation)
    missing = engine.ask("阳城县教育局火箭发射经费多少", conversation)
    assert missing.status == NOT_FOUND
    follow = engine.ask("那基本支出呢", conversation)
    assert follow.status == ANSWERED and follow.sources[0].document.startswith("阳城县教育局")


def test_a_large_database_asks_for_the_body_when_none_is_named(database: Path) -> None:
    engine = Engine.open(database, all_documents_limit=10)
    answer = engine.ask("代表培训经费多少")
    assert answer.status == AMBIGUOUS
    assert len(answer.candidates) == 8
    conversation = Conversation()
    chosen = engine.ask(answer.candidates[0].question, conversation)
    assert chosen.status == ANSWERED and chosen.value == 55
    follow = engine.ask("那基本支出呢", conversation)
    assert follow.sources[0].document == chosen.sources[0].document


def test_explain_traces_the_route_the_plan_and_the_look_ups(engine: Engine) -> None:
    trace: list[str] = []
    engine.ask("平定县教育局代表培训经费多少", Conversation(), trace=trace)
    assert any(line.startswith("route:") for line in trace)
    assert any(line.startswith("plan:") and "operation=lookup" in line for line in trace)
    assert any("SELECT" in line and "WHERE document_id IN" in line for line in trace)


def test_a_loaded_place_named_without_a_body_selects_that_place_s_bodies(tmp_path: Path) -> None:
    """Three cities' 信访局 loaded: 深圳市的三公经费 names no body but a loaded place; it was asked back
    among the three, and a loose name of another city's document could answer it."""
    corpus = Path(__file__).resolve().parent / "data" / "corpus"
    files = [
        corpus / "2026_guangdong_shenzhen_public_complaints_bureau_dept_budget.pdf",
        corpus / "2026_guangdong_guangzhou_public_complaints_bureau_dept_budget.pdf",
        corpus / "2026_hunan_changsha_public_complaints_bureau_dept_budget.pdf",
    ]
    db = tmp_path / "complaints.db"
    store(db, documents(parse_files(files, workers=1)))
    engine = Engine.open(db)
    answer = engine.ask("深圳市的三公经费多少")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("5.58"), "万元")
    assert answer.text.startswith("【深圳市信访局】")


def test_a_body_of_a_loaded_place_that_is_not_loaded_gets_no_other_body_s_figure(tmp_path: Path) -> None:
    """广州市气象局 and 深圳市信访局 loaded. p. 26 of the former: 车辆11辆，单价在100万元以上的设备23台.
    广州市气象台 is not loaded: neither the 气象局's cars nor its 23 pieces of equipment (台 counts
    both) answer how many cars it has; the 气象局's own question still does."""
    corpus = Path(__file__).resolve().parent / "data" / "corpus"
    files = [
        corpus / "2026_guangdong_guangzhou_meteorological_bureau_dept_budget.pdf",
        corpus / "2026_guangdong_shenzhen_public_complaints_bureau_dept_budget.pdf",
    ]
    db = tmp_path / "two.db"
    store(db, documents(parse_files(files, workers=1)))
    engine = Engine.open(db)
    assert engine.ask("广州市气象台有几辆车").value is None
    answer = engine.ask("广州市气象局有几辆车")
    assert (answer.status, answer.value, answer.unit) == ("answered", Decimal("11"), "辆")


@pytest.fixture(scope="module")
def numbered_places(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Places whose names hold a numeral before a measure word (五台县: 五台 reads as 5台 in a question)."""
    directory = tmp_path_factory.mktemp("places")
    names = ["五台县人民代表大会常务委员会办公室", "武乡县财政局", "阳城县人民代表大会常务委员会办公室"]
    paths = write_documents(directory, names, [2024])
    assert all(outcome.document is not None for outcome in ingest(directory / "p.db", paths, workers=1))
    return Engine.open(directory / "p.db")


def test_a_place_named_with_a_numeral_is_matched_as_typed(numbered_places: Engine) -> None:
    # 人大 in the item's name is short for both 人大 bodies; the body typed in full is the one asked about
    answer = numbered_places.ask("五台县人民代表大会常务委员会办公室人大监督多少")
    assert (answer.status, answer.value, answer.unit) == (ANSWERED, Decimal("30.00"), "万元")
    assert answer.text.startswith("【五台县人民代表大会常务委员会办公室】")
    assert answer.sources[0].document.startswith("五台县人民代表大会常务委员会办公室2024年")


def test_a_body_named_before_an_item_holding_another_body_s_name_is_not_a_place(
    numbered_places: Engine,
) -> None:
    # 县人大常委会 after 武乡县财政局 begins the project's name; 武乡县财政局县 is no place typed for it
    answer = numbered_places.ask("武乡县财政局县人大常委会会议室建设经费多少")
    assert (answer.status, answer.value) == (ANSWERED, Decimal("65.00"))
    assert answer.sources[0].document.startswith("武乡县财政局2024年")


def test_a_word_in_most_index_entries_is_not_searched(database: Path) -> None:
    """Ranking every entry holding 支出 would cost time in proportion to the database: a word held
    by more entries than the search keeps is left out, a rarer one is searched."""
    reader = Reader(connect(database))
    # 48 documents: 支出 is in 117 entries of each, 履职 in 8
    assert search_documents(reader, ["支出"], 1000) == []
    assert search_documents(reader, ["支出", "履职"], 1000) == search_documents(reader, ["履职"], 1000) != []
    assert search_documents(reader, ["支出"], 100_000) != []


def test_characters_in_order_by_chance_are_no_abbreviation(tmp_path: Path) -> None:
    """和常委 (…缴费支出和常委会会议费) holds 和, 常, 委 of 和顺县人民代表大会常务委员会 in order: a body's
    abbreviation keeps more of its name (工务署, 上科大附校), and starts no joining word."""
    paths = write_documents(tmp_path, ["和顺县人民代表大会常务委员会办公室", "长子县统计局"], [2024])
    assert all(outcome.document is not None for outcome in ingest(tmp_path / "h.db", paths, workers=1))
    engine = Engine.open(tmp_path / "h.db", all_documents_limit=1)
    answer = engine.ask("机关事业单位基本养老保险缴费支出和常委会会议费一共多少")
    assert answer.value is None and "按“和顺县" not in answer.text


def test_a_short_name_run_on_into_another_word_names_no_body(tmp_path: Path) -> None:
    """政府办 is a short name of 榆次区人民政府办公室, but in 政府办公厅（室）及相关机构事务 (a 功能科目) it runs
    on along the body's name (政府办公) and leaves it (厅): a follow-up about 泽州县人大常委会办公室's
    figures stays with that body (its 政府办公厅（室）… line: 4.41), never the other body's document."""
    paths = write_documents(tmp_path, ["榆次区人民政府办公室", "泽州县人大常委会办公室"], [2024])
    assert all(o.document is not None for o in ingest(tmp_path / "two.db", paths, workers=1))
    engine = Engine.open(tmp_path / "two.db")
    conversation = Conversation()
    engine.ask("泽州县人大常委会办公室代表培训经费多少", conversation)
    answer = engine.ask("政府办公厅（室）及相关机构事务和七届六次人代会一共多少", conversation)
    assert answer.value == Decimal("89.41")
    assert {source.document for source in answer.sources} == {"泽州县人大常委会办公室2024年度部门预算公开"}
