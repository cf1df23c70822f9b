"""Email rendering: the daily digest and a single brief as standards-clean MIME messages.

A message is ``multipart/alternative``: a readable plain-text part first, then an HTML part
built for email clients (one 600 px column of tables, CSS inlined by css-inline and the
``<style>`` block removed, no scripts, fonts, images or external stylesheets). Both parts
are UTF-8, quoted-printable; non-ASCII headers are RFC 2047 encoded.

``message_bytes`` is the one serialisation (CRLF line ends, as on the wire): the ``.eml``
file and the SMTP delivery use the same bytes. Date, Message-ID and the MIME boundary are
fixed when a clock and an id are passed in, so golden files can hold whole messages.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import textwrap
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Any
from urllib.parse import quote

import css_inline

from briefing.digest import Deployed, Digest, Story, StorySource
from briefing.models import STATUSES, Brief
from briefing.options import OutputOptions
from briefing.render.facts_lines import fact_groups
from briefing.render.templates import template_environment
from briefing.render.text import byline, day_label, render_text
from briefing.render.untrusted import one_line

__all__ = [
    "digest_subject",
    "message_bytes",
    "render_brief_email",
    "render_digest_email",
    "render_digest_html",
    "render_digest_text",
]

WIDTH = 72
FOOTER = "Sent by briefing: extractive summaries and key facts, each traceable to its article."
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"


def digest_subject(digest: Digest) -> str:
    """ "Daily brief — 3 Jan 2020: 12 stories" (or ": no articles")."""
    stories = _count(len(digest.stories), "story", "stories") if digest.stories else "no articles"
    return f"Daily brief — {day_label(digest.day)}: {stories}"


def _overview(digest: Digest) -> str:
    if not digest.stories:
        return "no articles"
    stories = _count(len(digest.stories), "story", "stories")
    return f"{stories} from {_count(digest.article_count, 'article')}"


def brief_url(output: OutputOptions, brief_id: str) -> str | None:
    """The full brief on the web app, when a base URL is configured (BRIEFING_BASE_URL)."""
    if not output.base_url:
        return None
    return f"{output.base_url.rstrip('/')}/briefs/{quote(brief_id, safe='')}"


def digest_url(output: OutputOptions, day: dt.date) -> str | None:
    """The digest page on the web app, when a base URL is configured (BRIEFING_BASE_URL)."""
    if not output.base_url:
        return None
    return f"{output.base_url.rstrip('/')}/digest/{day.isoformat()}"


def deployed_text(deployed: Sequence[Deployed]) -> str:
    """ "3,500 troops, 2 warships"."""
    return ", ".join(f"{d.count:,} {d.asset}" for d in deployed)


def _figure(number: int) -> str:
    return f"{number:,}" if number else "–"


def story_meta(story: Story) -> str:
    """ "The Sun · Reuters · by Jane Doe · 3 articles"."""
    parts = list(story.outlets)
    if story.authors:
        parts.append("by " + ", ".join(story.authors))
    if len(story.sources) > 1:
        parts.append(_count(len(story.sources), "article"))
    return " · ".join(parts) if parts else "1 article"


#: what a story in another language says in place of key facts
FACTS_ENGLISH_ONLY = "Key facts are extracted from English articles only."


def story_facts(story: Story) -> list[tuple[str, list[str]]]:
    """The story's fact lines by kind (reactions are in the table at the top); for a
    story told in another language, the note that key facts are English only."""
    if story.language != "en" and not (story.casualties or story.deployments):
        return [("Key facts", [FACTS_ENGLISH_ONLY])]
    return fact_groups(story.facts, grouped=False)


def source_label(source: StorySource) -> str:
    """ "Headline (Outlet, by Jane Doe)"."""
    about = [part for part in (source.source, f"by {source.author}" if source.author else None)]
    said = ", ".join(part for part in about if part)
    return f"{source.title} ({said})" if said else source.title


def _toll_text(story: Story) -> str:
    parts = [
        f"{getattr(story.toll, status):,} {status}"
        for status in STATUSES
        if getattr(story.toll, status)
    ]
    if story.deployed:
        parts.append(f"deployed {deployed_text(story.deployed)}")
    return "; ".join(parts)


def _split(digest: Digest, output: OutputOptions) -> tuple[tuple[Story, ...], tuple[Story, ...]]:
    """Stories shown in full, and the rest, listed by headline (``digest_full_stories``)."""
    limit = output.digest_full_stories
    return digest.stories[:limit], digest.stories[limit:]


# -- plain text ----------------------------------------------------------------------------


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def render_digest_text(digest: Digest, output: OutputOptions) -> str:
    """The digest as plain text for the email's text part (72 columns, no markup)."""
    title = f"Daily brief — {day_label(digest.day)}"
    lines = [title, "=" * len(title), _overview(digest), ""]
    if not digest.stories:
        lines += [f"No articles were stored for {day_label(digest.day)}.", ""]
    if digest.numbered_stories:
        lines += ["THE DAY'S NUMBERS", ""]
        for story in digest.numbered_stories:
            lines += _wrap(f"{story.number}. {story.headline}: {_toll_text(story)}", "   ", "")
        lines.append("")
    if digest.reactions:
        lines += ["WHO REACTED HOW", ""]
        for row in digest.reactions:
            who = row.speaker + (f" ({row.role})" if row.role else "")
            stances = ", ".join(row.all_stances) or "stance unknown"
            lines += _wrap(f"{who} — {stances} — story {row.story}", "   ", "")
        lines.append("")
    full, more = _split(digest, output)
    for story in full:
        lines += ["-" * WIDTH, ""]
        lines += _wrap(f"{story.number}. {story.headline}", "   ", "")
        lines += _wrap(story_meta(story), "   ")
        lines.append("")
        for sentence in story.summary:
            lines += _wrap(sentence, "   ")
            lines.append("")
        for kind, items in story_facts(story):
            lines += _wrap(f"{kind}: " + "; ".join(items), "   ")
            lines.append("")
        url = brief_url(output, story.lead_brief_id)
        if url:
            lines += [f"   Full brief: {url}", ""]
        originals = [source.url for source in story.sources if source.url]
        if originals:
            lines += [f"   Original: {original}" for original in originals] + [""]
        if len(story.sources) > 1:
            lines.append("   Sources:")
            for source in story.sources:
                link = brief_url(output, source.brief_id)
                lines += _wrap(
                    source_label(source) + (f" <{link}>" if link else ""), "       ", "     - "
                )
            lines.append("")
    if more:
        lines += ["-" * WIDTH, "", "MORE STORIES", ""]
        for story in more:
            url = brief_url(output, story.lead_brief_id)
            lines += _wrap(f"{story.number}. {story.headline} ({story_meta(story)})", "   ", "")
            if url:
                lines.append(f"   {url}")
        lines.append("")
    lines += ["-" * WIDTH]
    page = digest_url(output, digest.day)
    if page:
        lines.append(f"This digest on the web: {page}")
    lines += _wrap(FOOTER)
    return "\n".join(lines) + "\n"


# -- HTML ----------------------------------------------------------------------------------


def _inline(html: str) -> str:
    """CSS inlined into style attributes; the ``<style>`` block is then dropped."""
    inlined = _INLINER.inline(html)
    return inlined if inlined.endswith("\n") else inlined + "\n"


def render_digest_html(digest: Digest, output: OutputOptions) -> str:
    """The digest as email-ready HTML (CSS inlined, 600 px single column)."""
    template = template_environment().get_template("email/digest.html")
    full, more = _split(digest, output)
    html = template.render(
        digest=digest,
        full_stories=full,
        more_stories=more,
        subject=digest_subject(digest),
        day_label=day_label(digest.day),
        overview=_overview(digest),
        digest_url=digest_url(output, digest.day),
        **_helpers(output),
    )
    return _inline(html)


def _helpers(output: OutputOptions) -> dict[str, Any]:
    return {
        "brief_url": lambda brief_id: brief_url(output, brief_id),
        "figure": _figure,
        "deployed_text": deployed_text,
        "story_meta": story_meta,
        "story_facts": story_facts,
        "source_label": source_label,
    }


def render_brief_html(brief: Brief, output: OutputOptions) -> str:
    """One brief as email-ready HTML."""
    template = template_environment().get_template("email/brief.html")
    html = template.render(
        brief=brief,
        subject=brief.title,
        byline=byline(brief),
        facts=fact_groups(brief.facts),
        url=brief_url(output, brief.id),
    )
    return _inline(html)


# -- MIME ----------------------------------------------------------------------------------


def render_digest_email(
    digest: Digest,
    output: OutputOptions,
    *,
    to: Sequence[str] = (),
    now: dt.datetime | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """The digest as a ``multipart/alternative`` message (text, then HTML).

    Args:
        digest: the day's digest.
        output: ``mail_from`` and ``base_url`` (links to each full brief).
        to: recipients for the To header (none for a file to forward by hand).
        now: the Date header; the current time by default.
        message_id: the Message-ID (``<...@...>``); a fresh one by default.
    """
    return _message(
        subject=digest_subject(digest),
        text=render_digest_text(digest, output),
        html=render_digest_html(digest, output),
        output=output,
        to=to,
        now=now,
        message_id=message_id,
    )


def render_brief_email(
    brief: Brief,
    output: OutputOptions,
    *,
    to: Sequence[str] = (),
    now: dt.datetime | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """One brief as a ``multipart/alternative`` message (the brief page's .eml download)."""
    return _message(
        subject=f"Brief: {brief.title}",
        text=render_text(brief),
        html=render_brief_html(brief, output),
        output=output,
        to=to,
        now=now,
        message_id=message_id,
    )


def _message(
    *,
    subject: str,
    text: str,
    html: str,
    output: OutputOptions,
    to: Sequence[str],
    now: dt.datetime | None,
    message_id: str | None,
) -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    # a title holding CR, LF or U+2028 must not end the header (it raised, a 500)
    message["Subject"] = one_line(subject)
    message["From"] = output.mail_from
    if to:
        message["To"] = ", ".join(to)
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    message["Date"] = moment
    message["Message-ID"] = message_id or make_msgid("briefing", domain=_domain(output))
    # RFC 3834: tells auto-responders (out-of-office) not to answer a cron job.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # A boundary derived from the Message-ID keeps the bytes reproducible; "=_" can never
    # occur in quoted-printable text, so it cannot clash with a body line.
    token = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:24]
    message.set_boundary(f"=_briefing_{token}")
    return message


def _domain(output: OutputOptions) -> str:
    address = parseaddr(output.mail_from)[1]
    domain = address.rpartition("@")[2]
    return domain or "briefing.localhost"


def message_bytes(message: EmailMessage) -> bytes:
    """The message as written to an .eml file and sent over SMTP (CRLF line ends)."""
    return message.as_bytes(policy=email.policy.SMTP)


def envelope_sender(output: OutputOptions) -> str:
    """The bare address of ``mail_from`` (for SMTP's MAIL FROM)."""
    address = parseaddr(output.mail_from)[1]
    return address or str(Address(addr_spec=output.mail_from))
