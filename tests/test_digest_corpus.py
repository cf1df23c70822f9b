"""A real day: 30 corpus articles plus re-edited copies, stored, digested and emailed.

The articles are read from the shared corpus at test time (never copied here); the
near-duplicates are made from them in the test. The 30 originals were read and chosen to
be about 30 different events, hard cases included: two Reuters reports from Kabul about
different incidents, several deadly attacks in different countries, two IT stories.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from mail_checks import audit_html, check_alternative, parse_message

from briefing import build_brief
from briefing.config import Settings
from briefing.digest import Digest, build_digest
from briefing.models import Brief, Casualty, Evidence, Facts, Reaction
from briefing.render.mail import message_bytes, render_digest_email
from briefing.store import Archive
from briefing.text import split_sentences

DAY = dt.date(2020, 1, 3)
FACTS_IDS = [
    "isot-vn-0194", "isot-vn-0340", "isot-vn-0473", "isot-vn-0567", "isot-vt-0827",
    "isot-vn-0845", "isot-vn-0438", "isot-vn-0804", "isot-vn-0221", "isot-vn-0483",
]  # fmt: skip
BBC_IDS = [
    "bbc-business-002", "bbc-business-008", "bbc-entertainment-001", "bbc-entertainment-006",
    "bbc-politics-002", "bbc-politics-015", "bbc-sport-004", "bbc-sport-008", "bbc-tech-007",
    "bbc-tech-010",
]  # fmt: skip
#: the first eleven CNN/DM dev articles, less one of its two Nepal earthquake reports
CNN_SKIP = "cnn-test-5098ad46a74"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# Ways of re-editing a report, as outlets and updates do.
def reorder_and_reword(text: str) -> str:
    """Paragraphs (or sentences) in another order, one sentence changed."""
    blocks = text.split("\n\n") if "\n\n" in text else _sentences(text)
    blocks = [blocks[0], *blocks[2:4], blocks[1], *blocks[4:]]
    blocks[0] = "Officials confirmed on Friday that " + blocks[0][0].lower() + blocks[0][1:]
    return "\n\n".join(blocks)


def drop_some(text: str) -> str:
    """Every fourth sentence cut and the last fifth of the story dropped."""
    sentences = _sentences(text)
    kept = [s for n, s in enumerate(sentences[: len(sentences) * 4 // 5]) if n % 4 != 3]
    return " ".join(kept)


def lead_only(text: str) -> str:
    """An early, shorter version: the first 60 percent."""
    sentences = _sentences(text)
    return " ".join(sentences[: max(4, len(sentences) * 3 // 5)])


def drop_last_paragraph(text: str) -> str:
    return "\n\n".join(text.split("\n\n")[:-1])


#: original id -> list of (copy suffix, edit, new headline, new outlet)
COPIES = {
    "isot-vn-0438": [
        ("update", reorder_and_reword, "Somalia bombing toll rises, officials say", "AP Wire"),
        ("early", lead_only, "Twin blasts hit Somali capital", "Horn Post"),
    ],
    "bbc-politics-002": [
        ("rewrite", reorder_and_reword, "Inquiry into deleted government e-mails", "The Daily"),
    ],
    "cnn-test-3c2040c68ca45c78b440e299b72956907b2f9390": [
        ("short", drop_some, "Russian cargo craft to burn up on re-entry", "Space Wire"),
    ],
    "bbc-sport-004": [("cut", drop_last_paragraph, "Athletics body steps up doping fight", "")],
}


def _with_facts(brief: Brief, toll: int, speaker: str | None = None) -> Brief:
    first = brief.summary.sentences[0]
    evidence = Evidence(first.text, first.start, first.end)
    reactions = (Reaction(speaker, "president", "", "condemn", evidence),) if speaker else ()
    casualty = Casualty(toll, str(toll), "killed", None, None, evidence)
    return replace(brief, facts=Facts(casualties=(casualty,), reactions=reactions))


@pytest.fixture(scope="module")
def day_of_articles(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Archive, dict[str, list[str]]]]:
    """An archive (SQLite) holding the day, and the expected story of each original."""
    facts = {r["id"]: r for r in _rows(corpus / "facts-articles.jsonl")}
    bbc = {r["id"]: r for r in _rows(corpus / "bbc-news-summary" / "dev.jsonl")}
    cnn = [r for r in _rows(corpus / "cnndm-test-frank250" / "dev.jsonl")[:11]]
    originals = (
        [dict(facts[i], source="Reuters") for i in FACTS_IDS]
        + [dict(bbc[i], source="BBC News") for i in BBC_IDS]
        + [dict(r, source="CNN") for r in cnn if not r["id"].startswith(CNN_SKIP)]
    )
    assert len(originals) == 30
    settings = Settings(instance_path=tmp_path_factory.mktemp("instance"))
    archive = Archive.from_settings(settings)
    expected: dict[str, list[str]] = {}
    moment = dt.datetime(2020, 1, 3, 6, 0, tzinfo=dt.UTC)
    for number, row in enumerate(originals):
        brief = build_brief(
            row["text"], title=row["title"] or None, source=row["source"], id=row["id"]
        )
        if row["id"] == "isot-vn-0438":
            brief = _with_facts(brief, 200, "Mohamed Abdullahi Farmajo")
        elif row["id"] == "isot-vn-0473":
            brief = _with_facts(brief, 16)
        archive.save(brief, day=DAY, ingested_at=moment + dt.timedelta(minutes=number))
        expected[row["id"]] = [row["id"]]
        for n, (suffix, edit, headline, outlet) in enumerate(COPIES.get(row["id"], [])):
            copy_id = f"{row['id']}-{suffix}"
            copy = build_brief(edit(row["text"]), title=headline, source=outlet or None, id=copy_id)
            if suffix == "update":
                copy = _with_facts(copy, 276)
            archive.save(copy, day=DAY, ingested_at=moment + dt.timedelta(hours=2, minutes=n))
            expected[row["id"]].append(copy_id)
    yield archive, expected
    archive.close()


@pytest.fixture(scope="module")
def digest(day_of_articles: tuple[Archive, dict[str, list[str]]]) -> Digest:
    archive, _ = day_of_articles
    return build_digest([s.brief for s in archive.briefs_for_day(DAY)], DAY)


def test_duplicates_are_grouped_and_unrelated_articles_are_not(
    digest: Digest, day_of_articles: tuple[Archive, dict[str, list[str]]]
) -> None:
    _, expected = day_of_articles
    assert digest.article_count == 35
    found = sorted(sorted(s.brief_id for s in story.sources) for story in digest.stories)
    assert found == sorted(sorted(ids) for ids in expected.values())
    assert len(digest.stories) == 30


def test_each_story_lists_all_its_sources(digest: Digest) -> None:
    somalia = next(s for s in digest.stories if s.lead_brief_id.startswith("isot-vn-0438"))
    assert set(somalia.outlets) == {"Reuters", "AP Wire", "Horn Post"}
    assert len(somalia.sources) == 3


def test_the_casualty_story_with_most_reports_leads_and_the_numbers_take_its_highest_toll(
    digest: Digest,
) -> None:
    first = digest.stories[0]
    assert {s.brief_id for s in first.sources} >= {"isot-vn-0438", "isot-vn-0438-update"}
    assert first.toll.killed == 276  # the update's figure, not 200 + 276 (+ 200 early report)
    assert ("Mohamed Abdullahi Farmajo", 1) in [(r.speaker, r.story) for r in digest.reactions]


def test_stories_are_ordered_by_importance(digest: Digest) -> None:
    """Casualties and deployments first, then more reports, then more reactions."""
    hard = [bool(s.casualties or s.deployments) for s in digest.stories]
    assert hard == sorted(hard, reverse=True)
    assert any(hard) and not all(hard)
    for before, after in zip(digest.stories, digest.stories[1:], strict=False):
        if bool(before.casualties or before.deployments) == bool(
            after.casualties or after.deployments
        ):
            assert (len(before.sources), len(before.reactions)) >= (
                len(after.sources),
                len(after.reactions),
            )


def test_the_days_numbers_add_up_the_stories(digest: Digest) -> None:
    assert digest.toll.killed == sum(s.toll.killed for s in digest.stories)
    assert digest.toll.killed >= 276 + 16  # at least the two hand-set tolls


def test_the_email_of_the_day(digest: Digest, tmp_path: Path) -> None:
    settings = Settings(
        base_url="https://briefing.example.org/", mail_from="Briefing <digest@example.org>"
    )
    moment = dt.datetime(2020, 1, 4, 6, 30, tzinfo=dt.UTC)
    data = message_bytes(
        render_digest_email(
            digest,
            settings.output,
            to=["desk@example.org"],
            now=moment,
            message_id="<d1@example.org>",
        )
    )
    message = parse_message(data)
    assert message["Subject"] == "Daily brief — 3 Jan 2020: 30 stories"
    assert b"Subject: Daily brief =?utf-8?" in data  # encoded as UTF-8, not raw
    assert message["From"] == "Briefing <digest@example.org>"
    assert message["To"] == "desk@example.org"
    assert message["Date"].datetime == moment
    assert message["Message-ID"] == "<d1@example.org>"
    text, html = check_alternative(message)

    audit = audit_html(html)
    # a link back to every full brief, sources included
    stored = {s.brief_id for story in digest.stories for s in story.sources}
    linked = {link.rsplit("/", 1)[1] for link in audit.links if "/briefs/" in link}
    assert linked == stored
    assert "https://briefing.example.org/digest/2020-01-03" in audit.links
    # the plain text is readable: headlines and numbers, no markup
    assert "THE DAY'S NUMBERS" in text and "WHO REACTED HOW" in text
    assert "<" not in text.replace("<https://", "")
    for story in digest.stories:
        assert story.headline.split()[0] in text
    assert max(len(line) for line in text.splitlines() if "https://" not in line) <= 72


# -- a day's totals against a hand count ---------------------------------------------------
#: Two real reports, read and counted by hand under the digest's rule (per story, the
#: highest figure of this event's items; the day adds the stories up):
#: - isot-vn-0804 (Swat Valley): a roadside blast killed two and injured two today; "more
#:   than 50 peace panel volunteers have been killed since 2009" is a background toll, and
#:   "Pakistan has stationed more than 4,000 soldiers" a standing garrison;
#: - isot-vt-0906 (New York attack, visa programme): eight people killed on Tuesday; the two
#:   killed at a Los Angeles airport "that year" are fewer, so the story's figure is eight.
HAND_COUNTED_DAY = {"isot-vn-0804", "isot-vt-0906"}
HAND_TOLL = {"killed": 2 + 8, "wounded": 2, "missing": 0, "captured": 0}


def test_a_real_day_adds_only_current_items_as_a_hand_count_does(corpus: Path) -> None:
    articles = {r["id"]: r for r in _rows(corpus / "facts-articles.jsonl")}
    briefs = [
        build_brief(articles[i]["text"], title=articles[i].get("title") or None, id=i)
        for i in sorted(HAND_COUNTED_DAY)
    ]
    day = build_digest(briefs, DAY)
    assert len(day.stories) == 2  # two stories, not one
    assert day.toll.to_dict() == HAND_TOLL
    assert day.deployed == ()  # the 4,000 stationed soldiers are not the day's news
    # background items are shown under their story, never added
    shown = [c.count for s in day.stories for c in s.casualties if c.historical]
    assert 50 in shown
    standing = [d.count for s in day.stories for d in s.deployments if d.background]
    assert standing == [4000]
