"""Email rendering: the MIME message, its headers, the text and HTML parts, golden files."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import Golden
from mail_checks import audit_html, check_alternative, parse_message

from briefing.config import Settings
from briefing.digest import Deployed, Digest, ReactionRow, Story, StorySource, Toll
from briefing.models import (
    Article,
    Brief,
    Casualty,
    Deployment,
    Evidence,
    Facts,
    Reaction,
    Span,
    Summary,
    SummarySentence,
)
from briefing.render.mail import (
    digest_subject,
    message_bytes,
    render_brief_email,
    render_digest_email,
    render_digest_html,
    render_digest_text,
)

DAY = dt.date(2020, 1, 3)
NOW = dt.datetime(2020, 1, 4, 6, 30, tzinfo=dt.UTC)
SETTINGS = Settings(
    base_url="https://briefing.example.org", mail_from="Daily Brief <digest@example.org>"
).output
EV = Evidence("x", 0, 1)


def small_digest() -> Digest:
    """A hand-made digest: a strike with casualties and reactions, and a quiet story."""
    strike = Story(
        number=1,
        headline="Drone strike kills seven at Baghdad airport",
        lead_brief_id="b-strike",
        summary=(
            "A drone strike on a convoy at Baghdad airport killed seven people, officials said.",
            "The Pentagon said 3,500 more troops would go to the region.",
        ),
        sources=(
            StorySource("b-strike", "Drone strike kills seven", "Wire", DAY),
            StorySource("b-strike-2", "Seven killed in strike — update", "Zeitung & Co", DAY),
        ),
        toll=Toll(killed=7, wounded=3),
        deployed=(Deployed("troops", 3500), Deployed("warships", 2)),
        facts=Facts(
            casualties=(
                Casualty(7, "five Iraqis and two guests", "killed", None, "Baghdad airport", EV),
                Casualty(3, "3", "wounded", "guards", None, EV),
            ),
            deployments=(
                Deployment(
                    3500, "troops", "82nd Airborne Division", "Fort Bragg", "Middle East", EV
                ),
            ),
        ),
    )
    quiet = Story(
        number=2,
        headline="Café owners <protest> rent rises",
        lead_brief_id="b/café?",
        summary=("Café owners in Lyon protested on Friday against rent rises of 20%.",),
        sources=(StorySource("b/café?", "Café owners protest", None, None),),
        toll=Toll(),
        deployed=(),
        facts=Facts(),
    )
    headline = strike.headline
    reactions = (
        # two stances across the story's reports: both shown
        ReactionRow(
            "Javad Zarif",
            "Iran's foreign minister",
            "condemn",
            "…",
            1,
            headline,
            "b-strike",
            stances=("condemn", "threaten"),
        ),
        ReactionRow("Nancy Pelosi", None, None, "…", 1, headline, "b-strike"),
    )
    return Digest(day=DAY, stories=(strike, quiet), article_count=3, reactions=reactions)


def small_brief() -> Brief:
    text = "Seven people were killed. Officials condemned the strike."
    article = Article(
        text=text,
        title="Strike kills seven",
        source="Wire",
        published=DAY,
        paragraphs=(Span(0, len(text)),),
    )
    return Brief(
        id="b-strike",
        article=article,
        summary=Summary("news", (SummarySentence(0, 0, 25, text[:25], 1.0),)),
        facts=Facts(
            casualties=(
                Casualty(7, "Seven", "killed", "people", None, Evidence(text[:25], 0, 25)),
            ),
            reactions=(
                Reaction(
                    "Officials",
                    None,
                    "condemned the strike",
                    "condemn",
                    Evidence(text[26:], 26, len(text)),
                ),
            ),
        ),
        word_count=9,
        reading_minutes=1,
    )


# -- subject --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stories", "subject"),
    [
        (12, "Daily brief — 3 Jan 2020: 12 stories"),  # the usual day
        (1, "Daily brief — 3 Jan 2020: 1 story"),  # singular
        (0, "Daily brief — 3 Jan 2020: no articles"),  # an empty day says so
        (1200, "Daily brief — 3 Jan 2020: 1,200 stories"),  # thousands separated
    ],
)
def test_the_subject_counts_stories(stories: int, subject: str) -> None:
    story = small_digest().stories[1]
    digest = Digest(DAY, (story,) * stories, stories, ())
    assert digest_subject(digest) == subject


# -- the MIME message -------------------------------------------------------------------------


def test_the_digest_is_a_clean_multipart_alternative_message() -> None:
    message = render_digest_email(
        small_digest(), SETTINGS, to=["a@example.org", "Bé <b@example.org>"], now=NOW,
        message_id="<digest-1@example.org>",
    )  # fmt: skip
    parsed = parse_message(message_bytes(message))
    assert parsed["Subject"] == "Daily brief — 3 Jan 2020: 2 stories"
    assert parsed["From"] == "Daily Brief <digest@example.org>"
    assert parsed["To"] == "a@example.org, Bé <b@example.org>"
    assert parsed["Date"] == "Sat, 04 Jan 2020 06:30:00 +0000"
    assert parsed["Message-ID"] == "<digest-1@example.org>"
    assert parsed["Auto-Submitted"] == "auto-generated"
    text, html = check_alternative(parsed)
    assert text == render_digest_text(small_digest(), SETTINGS)
    assert html == render_digest_html(small_digest(), SETTINGS)


def test_date_and_message_id_are_set_when_not_given() -> None:
    parsed = parse_message(message_bytes(render_digest_email(small_digest(), SETTINGS)))
    assert parsed["Date"].datetime.tzinfo is not None
    assert abs(parsed["Date"].datetime - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert parsed["Message-ID"].endswith("@example.org>")
    assert "To" not in parsed  # a file to forward by hand has no recipient yet
    other = parse_message(message_bytes(render_digest_email(small_digest(), SETTINGS)))
    assert other["Message-ID"] != parsed["Message-ID"]


def test_the_same_clock_and_id_give_the_same_bytes() -> None:
    def render() -> bytes:
        return message_bytes(
            render_digest_email(small_digest(), SETTINGS, now=NOW, message_id="<x@example.org>")
        )

    assert render() == render()


def test_the_html_part_is_fit_for_email_clients() -> None:
    html = render_digest_html(small_digest(), SETTINGS)
    audit = audit_html(html)
    assert "https://briefing.example.org/briefs/b-strike" in audit.links
    assert "https://briefing.example.org/briefs/b-strike-2" in audit.links
    # ids are quoted in links; text is escaped, never markup
    assert "https://briefing.example.org/briefs/b%2Fcaf%C3%A9%3F" in audit.links
    assert "&lt;protest&gt;" in html and "<protest>" not in html
    assert "Zeitung &amp; Co" in html


def test_without_a_base_url_there_are_no_links_to_briefs() -> None:
    settings = Settings(mail_from="digest@example.org").output
    audit = audit_html(render_digest_html(small_digest(), settings))
    assert not [link for link in audit.links if link.startswith("http")]
    assert "https://" not in render_digest_text(small_digest(), settings)


def test_the_text_part_has_the_numbers_and_reactions_first() -> None:
    text = render_digest_text(small_digest(), SETTINGS)
    numbers = text.index("THE DAY'S NUMBERS")
    reactions = text.index("WHO REACTED HOW")
    first_story = text.index("1. Drone strike", reactions)
    assert numbers < reactions < first_story
    assert "7 killed; 3 wounded; deployed 3,500 troops, 2 warships" in " ".join(text.split())
    assert "Nancy Pelosi — stance unknown — story 1" in text
    assert all(len(line) <= 72 for line in text.splitlines() if "https://" not in line)


def test_an_empty_day_says_there_were_no_articles() -> None:
    empty = Digest(DAY, (), 0, ())
    text = render_digest_text(empty, SETTINGS)
    assert "No articles were stored for 3 Jan 2020." in text
    assert "THE DAY'S NUMBERS" not in text
    html = render_digest_html(empty, SETTINGS)
    audit_html(html)
    assert "No articles were stored for 3 Jan 2020." in html


def test_a_single_brief_as_an_eml() -> None:
    message = render_brief_email(small_brief(), SETTINGS, now=NOW, message_id="<b@example.org>")
    parsed = parse_message(message_bytes(message))
    assert parsed["Subject"] == "Brief: Strike kills seven"
    text, html = check_alternative(parsed)
    assert "Seven people were killed." in text
    audit = audit_html(html)
    assert audit.links == ["https://briefing.example.org/briefs/b-strike"]


# -- golden files -----------------------------------------------------------------------------


def test_golden_digest_text(golden: Golden) -> None:
    golden.check("digest/small.txt", render_digest_text(small_digest(), SETTINGS))


def test_golden_digest_html(golden: Golden) -> None:
    golden.check("digest/small.html", render_digest_html(small_digest(), SETTINGS))


def test_golden_digest_eml(golden: Golden) -> None:
    message = render_digest_email(
        small_digest(), SETTINGS, to=["desk@example.org"], now=NOW, message_id="<g@example.org>"
    )
    golden.check("digest/small.eml", message_bytes(message))


def test_golden_brief_eml(golden: Golden) -> None:
    message = render_brief_email(small_brief(), SETTINGS, now=NOW, message_id="<gb@example.org>")
    golden.check("digest/brief.eml", message_bytes(message))


def test_past_the_configured_number_stories_are_listed_by_headline() -> None:
    settings = dataclasses.replace(SETTINGS, digest_full_stories=1)
    text = render_digest_text(small_digest(), settings)
    more = text.index("MORE STORIES")
    assert text.index("1. Drone strike") < more < text.index("2. Café owners")
    assert "Café owners in Lyon protested" not in text  # its summary is left out
    assert "https://briefing.example.org/briefs/b%2Fcaf%C3%A9%3F" in text[more:]
    html = render_digest_html(small_digest(), settings)
    audit = audit_html(html)
    assert "More stories" in html and "Café owners in Lyon protested" not in html
    assert "https://briefing.example.org/briefs/b%2Fcaf%C3%A9%3F" in audit.links
    # the default shows a usual day whole
    assert Settings().digest_full_stories == 40


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5),  # a smaller email
        ("0", 0),  # headlines only
        ("-1", None),  # refused
        ("many", None),  # refused
    ],
)
def test_the_full_story_count_comes_from_the_environment(value: str, expected: int | None) -> None:
    from briefing.errors import OptionsError

    environ = {"BRIEFING_DIGEST_FULL_STORIES": value}
    if expected is None:
        with pytest.raises(OptionsError, match=r"BRIEFING_DIGEST_FULL_STORIES|digest_full_stories"):
            Settings.from_env(environ)
    else:
        assert Settings.from_env(environ).digest_full_stories == expected
