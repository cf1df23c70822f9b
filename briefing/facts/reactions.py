"""Reactions: who said or did what about the event, in which role, through which channel.

A reaction is a reaction verb ("said", "tweeted", "condemned") with a speaker found by one
of the small rules in ``SPEAKER_RULES``: a name just before the verb, a name with an
appositive role ("Amir Hatami, Iran's defence minister, has threatened"), a name after the
verb ("said SDF spokesman Talal Selo") or a pronoun ("He tweeted") that stands for the
last named speaker. A quotation that runs over several paragraphs stays with its speaker.
The stance comes from the words of the reaction (``STANCE_RULES``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from briefing.facts.deployments import ASSETS, TRIGGERS
from briefing.facts.numbers import UNITS
from briefing.facts.tokens import NOT_NAME, Clause, Token, word_set
from briefing.models import Evidence, Reaction

#: verbs that report what someone said or did in response; the value is a stance they imply
REACTION_VERBS: dict[str, str | None] = {
    "said": None,
    "says": None,
    "say": None,
    "told": None,
    "tweeted": None,
    "wrote": None,
    "added": None,
    "stated": None,
    "posted": None,
    "announced": None,
    "declared": None,
    "described": None,
    "called": None,
    "urged": None,
    "warned": None,
    "pointed": None,
    "expressed": None,
    "insisted": None,
    "stressed": None,
    "argued": None,
    "acknowledged": None,
    "reiterated": None,
    "retorted": None,
    "replied": None,
    "noted": None,
    "proposed": None,
    "pressed": None,
    "denied": None,
    "rejected": None,
    "dismissed": None,
    "vowed": "threaten",
    "threatened": "threaten",
    "condemned": "condemn",
    "condemns": "condemn",
    "criticized": "condemn",
    "criticised": "condemn",
    "denounced": "condemn",
    "accused": "condemn",
    "blamed": "condemn",
    "slammed": "condemn",
    "rebuked": "condemn",
    "deplored": "condemn",
    "praised": "support",
    "welcomed": "support",
    "hailed": "support",
    "applauded": "support",
    "justified": "support",
    "defended": "support",
    "backed": "support",
    "taunted": None,
    "claimed": None,
}
AUXILIARIES = frozenset(
    {"has", "have", "had", "also", "later", "then", "again", "would", "will", "quickly",
     "publicly", "repeatedly", "previously", "earlier", "first", "both", "only"}
)  # fmt: skip
#: words of a title or role written before a name: "UK Foreign Secretary Dominic Raab"
TITLE_WORDS = word_set(
    """president vice prime minister secretary speaker leader senator sen sen. rep rep.
    representative general gen gen. colonel col col. capt capt. captain lieutenant lt
    lt. major governor chairman chairwoman director spokesman spokeswoman spokesperson
    ambassador chancellor king queen prince ayatollah mr mr. mrs mrs. ms ms. dr dr.
    officer commander chief deputy foreign defence defense state supreme former
    candidate presidential house interior home justice finance attorney envoy
    secretary-general pope sheikh admiral sergeant gov gov. mayor premier"""
)
ADDRESSEES = word_set("reporters journalists him her them us me lawmakers parliament")
PASSIVE = frozenset({"was", "were", "been", "is", "are", "be"})
#: nouns that carry a reaction when "from" names who gave it: "drew praise from Israel"
AGENT_NOUNS = {"praise": "support", "criticism": "condemn", "condemnation": "condemn"}
#: words that open when and where something was said, not what: "said in an interview"
#: the words a reaction hangs on; a sentence with none of them is only read for names
VERB_WORDS = frozenset(REACTION_VERBS) | frozenset(AGENT_NOUNS)
CIRCUMSTANCES = word_set("in on at during after before late earlier later while via through")
RELATIVES = frozenset({"who", "which", "whose", "whom"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "miss"})
PRONOUNS = {"he": "person", "she": "person", "it": "body", "they": "body"}
#: speakers that are the press itself, not a party reacting
PRESS = frozenset({"reuters", "ap", "afp", "associated", "press", "newspaper", "television", "tv"})
#: a role phrase reads like this: "the governor of Chahardara", "a spokesman for ..."
ROLE_HEADS = TITLE_WORDS | word_set(
    """expert analyst official member head founder adviser advisor aide lawmaker
    politician activist commander spokesman spokeswoman researcher professor fellow
    candidate"""
)
CHANNELS = (
    (("tweet",), "tweet"),
    (("tweeted",), "tweet"),
    (("tweets",), "tweet"),
    (("twitter",), "tweet"),
    (("statement",), "statement"),
    (("state", "tv"), "state TV"),
    (("state", "television"), "state TV"),
    (("state", "media"), "state media"),
    (("television",), "television"),
    (("interview",), "interview"),
    (("news", "conference"), "news conference"),
    (("press", "conference"), "news conference"),
    (("briefing",), "briefing"),
    (("reporters",), "reporters"),
    (("speech",), "speech"),
    (("video",), "video"),
)


@dataclass(frozen=True)
class Speaker:
    """Who reacts: the name as written, the role the sentence gives, and where it ends."""

    name: str
    role: str | None
    kind: str  # "person" or "body"
    #: token range of the speaker (and role) in the clause, to find the quote around it
    first: int
    last: int


SpeakerRule = Callable[[Clause, int, "Context"], "Speaker | None"]


@dataclass
class Context:
    """What earlier sentences tell: the last speaker, for "He said" and "the minister"."""

    last_person: Speaker | None = None
    last_body: Speaker | None = None
    #: recent people, newest last, and the pronoun each was once called by
    people: list[Speaker] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)

    def remember(self, speaker: Speaker) -> None:
        """Note a speaker for later pronouns."""
        if speaker.kind == "person":
            self.last_person = speaker
            self.people = [*[p for p in self.people if p.name != speaker.name][-5:], speaker]
            role = (speaker.role or "").lower().split()
            if role[:1] in (["mr"], ["mr."]):
                self.genders.setdefault(speaker.name, "he")
            elif role[:1] in (["mrs"], ["ms"], ["mrs."], ["ms."]):
                self.genders.setdefault(speaker.name, "she")
        else:
            self.last_body = speaker

    def resolve(self, pronoun: str) -> Speaker | None:
        """The newest person not known to be called by the other pronoun."""
        for speaker in reversed(self.people):
            if self.genders.get(speaker.name, pronoun) == pronoun:
                self.genders[speaker.name] = pronoun
                return speaker
        return None


def _before_auxiliaries(tokens: tuple[Token, ...], k: int) -> int:
    """Step back over "has also", "strongly", "later" between a subject and its verb."""
    while k > 0 and (
        tokens[k - 1].lower in AUXILIARIES
        or (tokens[k - 1].lower.endswith("ly") and not tokens[k - 1].is_capitalised)
    ):
        k -= 1
    return k


def _split_title(clause: Clause, first: int, last: int) -> tuple[int, int]:
    """Index where the name starts inside a capitalised run, after its title words."""
    tokens = clause.tokens
    start = first
    if tokens[last - 1].lower in BODY_WORDS:
        return first, last  # "State Department", "Foreign Ministry": a body, not a title
    for k in range(first, last):
        word = tokens[k].lower.removesuffix("'s")
        if word in TITLE_WORDS or tokens[k].lower.endswith("'s"):
            start = k + 1
    return start, last


def _run_ending_at(clause: Clause, end: int) -> int | None:
    return clause.run_ends.get(end)


def _role_before(clause: Clause, first: int) -> str | None:
    """Role words just before a name: "Iran's Supreme Leader", "Former CIA officer"."""
    tokens = clause.tokens
    k = first
    while k > 0 and first - k < 8:
        prev = tokens[k - 1]
        if not prev.is_word and prev.text not in {"-", "."}:
            break
        if prev.lower in {"and", "but", "that", "while", "as", "when", "said", "says"}:
            break
        k -= 1
    while k < first and tokens[k].lower in {"the", "a", "an", "but", "however", "and"}:
        k += 1
    if k == first:
        return None
    role = clause.span(k, first)
    words = {t.lower.removesuffix("'s") for t in tokens[k:first]}
    return role if words & ROLE_HEADS else None


def _is_press(name: str) -> bool:
    return any(w in PRESS for w in name.lower().split())


def _name_speaker(clause: Clause, first: int, last: int) -> Speaker | None:
    """A speaker from the capitalised run ``first..last``: titles go to the role."""
    start, end = _split_title(clause, first, last)
    tokens = clause.tokens
    if start == end:
        return None
    name = clause.span(start, end)
    if _is_press(name) or tokens[start].lower in {"i", "we"} or tokens[end - 1].lower in GROUPS:
        return None
    if end - start > 1 and name.isupper():
        return None  # a dateline in capitals: "DERA ISMAIL KHAN, Pakistan (Reuters) -"
    title = clause.span(first, start) if start > first else ""
    before = _role_before(clause, first)
    if before is not None and before.lower().rstrip(".") in HONORIFICS:
        before = None
    if title.lower().rstrip(".") in HONORIFICS:
        title = ""
    role = " ".join(part for part in (before, title) if part) or None
    single = end - start == 1
    kind = "person" if start > first or (not single and not _is_body(name)) else "body"
    return Speaker(name, role, kind, first, last)


#: plural nouns for unnamed groups: "Diplomats say ..." names nobody
GROUPS = word_set(
    """diplomats officials sources analysts witnesses residents critics protesters
    researchers authorities investigators americans
    lawmakers experts activists democrats republicans rebels militants refugees
    observers people others"""
)
#: nouns that make a body out of a name: "the U.S. military", "South Korea's coast guard"
GROUP_NOUNS = word_set(
    """official military government allies ministry committee
    council guard police army navy spokesman spokeswoman"""
)
#: a name after one of these is not the subject: "a unit run by Lebanon's Hezbollah said"
PREPOSITIONS = word_set(
    """in of by from for at with on to into about over against among between under via
    through per like toward towards near"""
)
#: lower-case words that may stand before a subject name
BEFORE_SUBJECT = word_set(
    """and but while as when so because although though that where after before since
    if then"""
)
BODY_WORDS = word_set(
    """pentagon house department ministry office government council committee nations
    military army forces force agency union states kremlin senate congress parliament
    guard police children commission court party navy"""
)


def _is_body(name: str) -> bool:
    return any(w.lower().removesuffix("'s") in BODY_WORDS for w in name.split())


def name_role_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "Yukiya Amano, director general of the IAEA said" (no comma before the verb)."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    start = k
    while start > 0 and k - start <= 14 and tokens[start - 1].text not in {",", '"', ";", ":"}:
        start -= 1
    if start < 2 or tokens[start - 1].text != "," or start == k:
        return None
    if tokens[start].lower in RELATIVES or tokens[k - 1].lower in {"and", "but", "or"}:
        return None  # "X, who met the ambassador and told him": no role, a clause
    if not _role_like(tokens[start:k]):
        return None
    first = _run_ending_at(clause, start - 1)
    if first is None or not _can_be_subject(clause, first):
        return None
    speaker = _name_speaker(clause, first, start - 1)
    if speaker is None or speaker.kind != "person":
        return None
    return replace(speaker, role=clause.span(start, k), last=k)


def role_of_body(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "an official from the presidential Blue House said" -> "Blue House official"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    first = _run_ending_at(clause, k)
    if first is None:
        return None
    j = first
    while j > 0 and first - j < 4 and tokens[j - 1].is_word and not tokens[j - 1].is_capitalised:
        if tokens[j - 1].lower in PREPOSITIONS:
            break
        j -= 1
    if j < 3 or tokens[j - 1].lower not in {"from", "of", "at", "for"}:
        return None
    head = tokens[j - 2]
    if head.lower not in ROLE_HEADS or tokens[j - 3].lower not in {"a", "an", "the"}:
        return None
    name = f"{clause.span(first, k)} {head.text}"
    return Speaker(name, None, "body", j - 3, k)


def passive_agent(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "was criticized by European allies", "drew praise from Israel", "claimed by a
    spokesman for the Tehreek-e-Taliban"."""
    tokens = clause.tokens
    if v + 2 >= len(tokens) or tokens[v + 1].lower not in {"by", "from"}:
        return None
    if tokens[v].lower in REACTION_VERBS and (v == 0 or tokens[v - 1].lower not in PASSIVE):
        return None
    j = v + 2
    if (
        tokens[j].lower in {"a", "an", "the"}
        and j + 2 < len(tokens)
        and tokens[j + 1].lower in ROLE_HEADS
        and tokens[j + 2].lower in {"for", "of"}
    ):
        j += 3  # "a spokesman for the Tehreek-e-Taliban"
    if j < len(tokens) and tokens[j].lower == "the":
        j += 1
    runs = clause.runs
    if j in runs:
        speaker = _name_speaker(clause, j, runs[j])
        return None if speaker is None else replace(speaker, first=v, last=runs[j])
    if j + 1 < len(tokens) and tokens[j + 1].lower in GROUP_NOUNS | {"allies"}:
        k = j + 2
        return Speaker(clause.span(j, k), None, "body", v, k)  # "European allies"
    return None


def name_before_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "UK Foreign Secretary Dominic Raab has urged", "The Pentagon said"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    first = _run_ending_at(clause, k)
    if first is None or not _can_be_subject(clause, first):
        return None
    speaker = _name_speaker(clause, first, k)
    if speaker is not None and first >= 2 and tokens[first - 1].lower == "and":
        # "China and Russia have proposed": both are the subject
        other = _run_ending_at(clause, first - 1)
        if other is not None and _can_be_subject(clause, other):
            return replace(speaker, name=clause.span(other, k), kind="body", first=other)
    return speaker


def _can_be_subject(clause: Clause, first: int) -> bool:
    """A name right after a preposition or a lower-case word ("fleeing Rohingya") is not."""
    tokens = clause.tokens
    if first >= 2 and tokens[first - 1].lower == "s" and tokens[first - 2].is_capitalised:
        first -= 2  # "Iran s President Hassan Rouhani" (apostrophes lost)
        while first > 0 and tokens[first - 1].is_capitalised and tokens[first - 1].is_word:
            first -= 1
    if first >= 1 and tokens[first - 1].lower == "the":
        first -= 1  # "In Washington, the U.S. military said"
    if first == 0:
        return True
    prev = tokens[first - 1]
    if not prev.is_word:
        return True
    word = prev.lower
    if word in PREPOSITIONS:
        return False
    if prev.is_capitalised:
        return True
    return word in BEFORE_SUBJECT or word in ROLE_HEADS or word == "and"


def group_before_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "the U.S. military said", "South Korea s coast guard said", "The committee said"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    if k == 0 or tokens[k - 1].lower not in GROUP_NOUNS or tokens[k - 1].is_capitalised:
        return None
    start = k - 1
    before = tokens[start - 1] if start > 0 else None
    if (
        before is not None
        and before.is_word
        and not before.is_capitalised
        and before.lower not in {"the", "s"} | PREPOSITIONS
    ):
        start -= 1  # "coast guard"
    if start > 0 and tokens[start - 1].lower == "s":
        start -= 1  # ISOT text lost its apostrophes: "South Korea s coast guard"
    owner = _run_ending_at(clause, start)
    if owner is not None and _can_be_subject(clause, owner):
        return Speaker(clause.span(owner, k), None, "body", owner, k)
    if (
        start > 0
        and tokens[start - 1].lower == "the"
        and (start - 1 in (0, 1) or tokens[start - 2].text == ",")
    ):
        return Speaker(clause.span(start, k), None, "body", start - 1, k)
    return None


def name_with_appositive(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "Amir Hatami, Iran's defence minister, has threatened", "X, the governor, said"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    if k == 0 or tokens[k - 1].text != ",":
        return None
    runs = clause.runs
    # walk back over comma-separated segments, at most four, to a segment that is a name
    end = k - 1
    role_segment: tuple[int, int] | None = None
    for _ in range(4):
        start = end
        while start > 0 and tokens[start - 1].text not in {",", '"', ";", ":", "(", ")"}:
            start -= 1
            if end - start > 30:
                return None
        relative = tokens[start].lower in RELATIVES | {"long"}
        if end - start > 14 and not relative:
            return None
        first = start
        while first < end and tokens[first].lower in NOT_NAME:
            first += 1
        named_from = _run_ending_at(clause, end)
        if (
            named_from is not None
            and first < named_from
            and named_from - first <= 6
            and all(t.is_word and t.lower not in PREPOSITIONS for t in tokens[first:named_from])
            and tokens[named_from - 1].lower in ROLE_HEADS
        ):
            # "State Department spokeswoman Heather Nauert, questioned ..., defended"
            first = named_from
        if first < end and runs.get(first) == end:
            speaker = _name_speaker(clause, first, end)
            if speaker is None:
                return None
            role = speaker.role
            if role_segment is not None and _role_like(tokens[role_segment[0] : role_segment[1]]):
                role = clause.span(*role_segment)
            elif role is None and start >= 2 and tokens[start - 1].text == ",":
                # "Iran's foreign minister, Javad Zarif, described ..."
                before = start - 1
                while before > 0 and tokens[before - 1].text not in {",", '"', ";", ":"}:
                    before -= 1
                if 0 < start - 1 - before <= 8 and _role_like(tokens[before : start - 1]):
                    role = clause.span(before, start - 1)
            return replace(speaker, role=role, last=k)
        if end - first > 14 and not relative:
            return None
        # the role nearest the name wins; a relative clause ("who met ...") is no role
        role_segment = None if relative else (start, end)
        if start == 0 or tokens[start - 1].text != ",":
            return None
        end = start - 1
    return None


def _role_like(tokens: tuple[Token, ...]) -> bool:
    """ "the governor of Chahardara", "Iran's defence minister"; not a clause with a verb."""
    words = {t.lower.removesuffix("'s") for t in tokens}
    if words & FINITE_VERBS:
        return False
    return bool(words & ROLE_HEADS) or (bool(tokens) and tokens[0].lower in {"a", "an", "the"})


FINITE_VERBS = word_set("is are was were has have had will would can could said says did does")


def name_after_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ ", said SDF spokesman Talal Selo", "said Colonel Ryan Dillon, a spokesman for ..."."""
    tokens = clause.tokens
    if tokens[v].lower not in {"said", "says", "added", "wrote", "told"}:
        return None
    if v == 0 or (
        tokens[v - 1].text not in {",", '"', "."} and not tokens[v - 1].text.endswith("'")
    ):
        return None
    runs = clause.runs
    j = v + 1
    role_start = j
    while j < len(tokens) and j - v <= 4 and j not in runs:
        if not tokens[j].is_word:
            return None
        j += 1
    if j not in runs:
        return None
    after = runs[j]
    if after + 1 < len(tokens) and tokens[after].lower in ROLE_HEADS and (after + 1) in runs:
        j = after + 1  # "said SDF spokesman Talal Selo"
    speaker = _name_speaker(clause, j, runs[j])
    if speaker is None:
        return None
    end = runs[j]
    if end < len(tokens) and tokens[end].is_word and tokens[end].lower not in {"on", "in", "at"}:
        return None  # "said al-Muhandis had arrived": the name starts a new clause
    role = speaker.role
    if j > role_start:
        # "said police spokesman Tariq Aziz": the words between verb and name are the role
        title = clause.span(j, runs[j]).removesuffix(speaker.name).strip()
        role = " ".join(p for p in (clause.span(role_start, j), title) if p)
    end = runs[j]
    if end + 1 < len(tokens) and tokens[end].text == ",":
        stop = end + 1
        while stop < len(tokens) and tokens[stop].text not in {",", ".", ";"} and stop - end < 14:
            stop += 1
        if _role_like(tokens[end + 1 : stop]):
            role = clause.span(end + 1, stop)
    return replace(speaker, role=role, first=v, last=end)


def coordinated_subject(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "General Qamar Bajwa, the army chief, met the ambassador and told him ...": the
    verb after "and" shares the subject that opens the sentence."""
    tokens = clause.tokens
    k = _before_auxiliaries(tokens, v)
    if k == 0 or tokens[k - 1].lower != "and":
        return None
    for first, last in clause.runs.items():
        if first > 8:
            return None
        if any(t.lower in PREPOSITIONS or t.text in {'"', ";", ":"} for t in tokens[:first]):
            return None
        if last < len(tokens) and (tokens[last].text == "," or not tokens[last].is_capitalised):
            speaker = _name_speaker(clause, first, last)
            if speaker is not None and speaker.kind == "person":
                return speaker
    return None


def pronoun_subject(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "He tweeted", "She said", "the minister said": the last named speaker."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    if k == 0:
        return None
    word = tokens[k - 1].lower
    if word == "who" and k >= 3 and tokens[k - 2].text == ",":
        # "... by Myanmar's Vice President Henry Van Thio, who said ..."
        first = _run_ending_at(clause, k - 2)
        if first is not None:
            return _name_speaker(clause, first, k - 2)
        return None
    if word in {"he", "she"}:
        if k - 1 > 0 and tokens[k - 2].lower in {"that", "whether", "what"}:
            return None  # "... that he said": reported inside someone else's words
        return context.resolve(word)
    if word in ROLE_HEADS and k >= 2 and tokens[k - 2].lower == "the":
        for candidate in (context.last_person, context.last_body):
            if candidate and candidate.role and word in candidate.role.lower():
                return candidate
    return None


#: how a speaker is found, tried in order; add a rule with one line here
SPEAKER_RULES: tuple[SpeakerRule, ...] = (
    passive_agent,
    name_with_appositive,
    name_role_verb,
    role_of_body,
    name_before_verb,
    name_after_verb,
    pronoun_subject,
    group_before_verb,
    coordinated_subject,
)

STANCE_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("de-escalate", ("de-escalat", "deescalat", "restraint", "calm down", "dialogue",
                     "postpon", "freeze", "peaceful", "ceasefire", "cease-fire",
                     "avoid collateral", "end the violence", "diplomatic solution")),
    ("threaten", ("claimed the attack", "attack was claimed", "claimed responsibility",
                  "revenge", "retaliat", "jihad", "crushing", "pre-emptively strike",
                  "will strike", "will be terminated", "we will fight", "will pay",
                  "wipe out", "will respond", "threatened")),
    ("condemn", ("condemn", "denounc", "critici", "terroris", "aggression", "reckless",
                 "dangerous", "murder", "ethnic cleansing", "savagery", "rogue", "dynamite",
                 "tinderbox", "without consultation", "foolish", "criminal",
                 "outrage", "deplor", "accus", "skeptic", "never bow", "misappropriat",
                 "undermin", "serious concern",
                 "prosecut", "manufactured", "unacceptable", "blame")),
    ("support", ("justif", "prais", "welcom", "thankful", "applaud", "hail", "support",
                 "taken out", "deserved", "right decision", "assist")),
)  # fmt: skip


#: each family's cues as one alternation of plain substrings: one scan of the text instead
#: of one per cue (a match anywhere is exactly "some cue is a substring")
_STANCE_PATTERNS = tuple(
    (stance, re.compile("|".join(re.escape(cue) for cue in cues))) for stance, cues in STANCE_CUES
)


def stance_of(text: str, verb: str) -> str:
    """The stance a reaction's words and verb show: the first family of cues that matches."""
    implied = REACTION_VERBS.get(verb) or AGENT_NOUNS.get(verb)
    if implied is not None and implied != "threaten":
        return implied
    lowered = text.lower()
    for stance, cues in _STANCE_PATTERNS:
        if cues.search(lowered):
            return stance
    return implied or "other"


def channel_of(clause: Clause) -> str | None:
    """ "tweet", "statement", "state TV" when the sentence says how."""
    words = [t.lower for t in clause.tokens]
    present = set(words)
    for cue, channel in CHANNELS:
        if cue[0] not in present:
            continue
        n = len(cue)
        if n == 1:
            return channel
        for i, word in enumerate(words[: len(words) - n + 1]):
            if word == cue[0] and tuple(words[i : i + n]) == cue:
                return channel
    return None


def _quote(clause: Clause, v: int, speaker: Speaker) -> str:
    """What was said: the quoted words, else the words before the speaker or after the verb."""
    tokens = clause.tokens
    # Words inside quotation marks are the quote, wherever the speaker stands.
    if clause.quoted and any(clause.quoted):
        parts = []
        k = 0
        while k < len(tokens):
            if clause.quoted[k]:
                start = k
                while k < len(tokens) and clause.quoted[k]:
                    k += 1
                parts.append(clause.span(start, k))
            k += 1
        text = " ... ".join(p for p in parts if p)
        if text:
            return text
    if speaker.first == v:
        # "..., said Khaled Barkal, a vice president": the words come before the verb
        return clause.span(0, v).strip(" ,:")
    after = v + 1
    if tokens[v].lower == "told" and after < len(tokens):
        runs = clause.runs
        if after in runs:
            after = runs[after]  # "told Reuters"
        elif tokens[after].lower in ADDRESSEES:
            after += 1
    if after < len(tokens) and tokens[after].lower == "that":
        after += 1
    said_after = clause.span(after, len(tokens)).strip(" :.")
    circumstance = after < len(tokens) and (
        tokens[after].lower in CIRCUMSTANCES
        or (tokens[v].lower == "told" and tokens[after].lower in {"a", "an", "the"})
    )
    if said_after.startswith(",") or len(said_after.split()) < 3:
        # "..., she said, holding her child": the words said come before the speaker
        said_after = ""
    lead = min(speaker.first, len(tokens))
    while lead > 0 and (tokens[lead - 1].text == "." or tokens[lead - 1].lower in TITLE_WORDS):
        lead -= 1  # "Gen. John Nicholson"
    if (
        lead > 4
        and v > speaker.first
        and tokens[lead - 1].text == ","
        and (len(said_after.split()) < 5 or circumstance)
    ):
        # "... in Afghanistan,  Asif said in an interview": when and where, not what
        # quotation marks lost: "There is a need ... soon,  Ghulam Qader Akbari ... said"
        return _without_dateline(clause.span(0, lead).strip(" ,"))
    return said_after


def _without_dateline(text: str) -> str:
    """ "ABIDJAN (Reuters) - Three soldiers ..." -> "Three soldiers ..."."""
    head, mark, rest = text.partition("(Reuters) -")
    return rest.strip() if mark and len(head) < 60 else text


def _key(name: str) -> str:
    words = name.replace("\u2019", "'").split()
    return words[-1].lower().removesuffix("'s") if words else name.lower()


def _has_deployment(clause: Clause, v: int) -> bool:
    """Does the speaker report a deployment ("officials said Washington will deploy 200 troops")?"""
    words = [t.lower for t in clause.tokens[v + 1 :]]
    if not any(w in TRIGGERS for w in words):
        return False
    return any(
        (w[0].isdigit() or w in UNITS) and any(x in ASSETS for x in words[i + 1 : i + 5])
        for i, w in enumerate(words)
    )


def _has_toll(tokens: tuple[Token, ...]) -> bool:
    """Do these words report a toll ("13 people were killed", "a soldier died")?"""
    words = {t.lower for t in tokens}
    return bool(words & TOLL_WORDS) and any(
        t.text[0].isdigit() or t.lower in UNITS or t.lower in {"a", "an", "another"} for t in tokens
    )


TOLL_WORDS = word_set("killed dead wounded injured died")


def extract_reactions(clauses: tuple[Clause, ...], text: str) -> tuple[Reaction, ...]:
    """Every reaction of the article, in order; full names replace later short ones."""
    context = Context()
    reactions: list[Reaction] = []
    full_names = NameBook()
    last_index = -2
    for position, clause in enumerate(clauses):
        before = clauses[position - 1] if position else None
        tokens = clause.tokens
        index = position
        if reactions and index == last_index + 1 and _continues_quote(clause):
            previous = reactions[-1]
            evidence = Evidence(
                text[previous.evidence.start : clause.sentence.end],
                previous.evidence.start,
                clause.sentence.end,
            )
            quote = _quote_only(clause)
            reactions[-1] = replace(
                previous,
                quote=f"{previous.quote} {quote}".strip(),
                evidence=evidence,
                stance=_restance(previous, quote),
            )
            last_index = index
            continue
        for first, last in clause.runs.items():
            if last - first < 2:
                continue  # a one-word run holds no full name, whatever its title
            start, end = _split_title(clause, first, last)
            if end - start >= 2:
                name = _fix_capitals(clause.span(start, end))
                if not _is_press(name) and not _is_body(name):
                    full_names.add(name)
        if clause.words.isdisjoint(VERB_WORDS):
            continue  # no reaction verb: nothing more to read (one set test)
        for v in [k for k, t in enumerate(tokens) if t.lower in VERB_WORDS]:
            token = tokens[v]
            if clause.quoted and clause.quoted[v]:
                continue
            speaker = None
            for rule in SPEAKER_RULES:
                speaker = rule(clause, v, context)
                if speaker is not None:
                    break
            if speaker is None:
                continue
            name = full_names.resolve(speaker.name)
            if name in full_names:
                speaker = replace(speaker, name=name, kind="person")  # "Trump" is a person
            context.remember(speaker)
            quote = _quote(clause, v, speaker)
            said = tokens[v + 1 :]
            if speaker.first > v or speaker.first <= 2:
                pass
            elif not quote or quote[:20] in clause.span(0, speaker.first):
                said = tokens[: speaker.first]  # the words came before the speaker
            if (_has_toll(said) or _has_deployment(clause, v)) and not any(clause.quoted):
                break  # reporting a toll or a troop movement is not reacting to it
            evidence = clause.evidence
            if not quote:
                # "X, a vice president in the local government, said." ends a quotation
                # that the splitter cut off into the sentence before
                if before is not None and before.sentence.paragraph == clause.sentence.paragraph:
                    quote = before.sentence.text.strip()
                    evidence = Evidence(
                        text[before.sentence.start : clause.sentence.end],
                        before.sentence.start,
                        clause.sentence.end,
                    )
                else:
                    quote = clause.sentence.text.strip()
            reactions.append(
                Reaction(
                    speaker=name,
                    role=speaker.role,
                    quote=quote,
                    stance=stance_of(
                        _plain_words(quote) + " " + _plain_words(clause.text), token.lower
                    ),
                    evidence=evidence,
                    channel=channel_of(clause),
                )
            )
            last_index = index
            break
    # a full name seen later ("Xi" ... "Chinese President Xi Jinping") names earlier ones too
    reactions = [_renamed(r, full_names.resolve(r.speaker), _trim_role(r.role)) for r in reactions]
    # a passer-by giving colour ("a 58-year-old woman", "a farmer in Wachakal") is a
    # witness, not a party responding to the event
    private = {r.speaker for r in reactions if _private_role(r.role)}
    reactions = [r for r in reactions if r.speaker not in private]
    return tuple(_with_roles(_voices_of_bodies(reactions)))


def _renamed(reaction: Reaction, speaker: str, role: str | None) -> Reaction:
    """``reaction`` with this speaker and role; itself when they are already its own
    (``dataclasses.replace`` costs microseconds, and most reactions keep both)."""
    if speaker == reaction.speaker and role == reaction.role:
        return reaction
    return replace(reaction, speaker=speaker, role=role)


#: role words for private people: their words are a witness's colour, not a reaction
PRIVATE_ROLES = word_set(
    """woman man farmer resident villager shopkeeper locksmith driver witness mother father
    student teacher headmaster worker trader vendor housewife fisherman passer-by"""
)


def _private_role(role: str | None) -> bool:
    if not role:
        return False
    words = role.lower().replace(",", " ").split()
    return "-year-old" in role or (len(words) <= 8 and bool(PRIVATE_ROLES & set(words)))


def _trim_role(role: str | None) -> str | None:
    """ "a waitress at a restaurant where Moore ate" -> "a waitress at a restaurant"."""
    if role is None:
        return None
    words = role.split()
    for i, word in enumerate(words):
        if i and word.lower() in RELATIVES | {"where", "when", "that"}:
            words = words[:i]
            break
    return " ".join(words).rstrip(",") or None


class NameBook:
    """Full names seen so far, indexed so each look-up costs the same however long the text."""

    def __init__(self) -> None:
        self.by_surname: dict[str, str] = {}
        self.by_first_word: dict[str, str] = {}
        self.full: set[str] = set()
        #: surnames by first letter, for the one-typo look-up
        self.by_letter: dict[str, list[str]] = {}

    def add(self, name: str) -> None:
        """Remember a full name (two words or more) unless its surname is taken."""
        key = _key(name)
        if key in self.by_surname:
            return
        self.by_surname[key] = name
        self.by_first_word.setdefault(name.split()[0].lower(), name)
        self.full.add(name)
        self.by_letter.setdefault(key[:1], []).append(key)

    def __contains__(self, name: object) -> bool:
        return name in self.full

    def resolve(self, name: str) -> str:
        """The fullest form of a name: "Trump" -> "Donald Trump", "Hua" -> "Hua Chunying"."""
        if name in self.full:
            return name
        key = _key(name)
        if key in self.by_surname:
            return self.by_surname[key]
        if " " not in name and name.lower() in self.by_first_word:
            return self.by_first_word[name.lower()]  # family name first ("Moon Jae-in")
        if len(key) >= 6:
            # one letter apart: "McFarland" for "MacFarland"
            for other in self.by_letter.get(key[:1], ())[-50:]:
                if _one_edit_apart(key, other):
                    return self.by_surname[other]
        return name


def _one_edit_apart(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` differ by exactly one inserted or deleted letter?"""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _fix_capitals(name: str) -> str:
    """ "DONALD Trump" (a lead-in in capitals) -> "Donald Trump"; "NATO Assembly" stays."""
    words = name.split()
    if (
        len(words) > 1
        and words[0].isupper()
        and words[0].isalpha()
        and len(words[0]) > 4
        and not any(w.isupper() for w in words[1:])
    ):
        words[0] = words[0].capitalize()
    return " ".join(words)


def _plain_words(text: str) -> str:
    """The words of ``text`` without names (so "Resolute Support" is no support)."""
    words = text.split()
    return " ".join([w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()])


def _continues_quote(clause: Clause) -> bool:
    """A paragraph that goes on with the previous speaker's quotation."""
    stripped = clause.text.lstrip()
    return clause.opens_quoted or (
        stripped.startswith('"') and not any(t.lower in {"said", "says"} for t in clause.tokens)
    )


def _quote_only(clause: Clause) -> str:
    return clause.sentence.text.strip().strip('"\u201c\u201d').strip()


def _restance(previous: Reaction, quote: str) -> str | None:
    if previous.stance not in {None, "other"}:
        return previous.stance
    return stance_of(_plain_words(quote), "")


def _voices_of_bodies(reactions: list[Reaction]) -> list[Reaction]:
    """An institution and its spokesperson are one voice: "The State Department said" goes to
    "Heather Nauert" when her role is "State Department spokeswoman"."""
    voices: dict[str, list[Reaction]] = {}
    for person in reactions:
        if not person.role or " " not in person.speaker:
            continue
        words = person.role.replace("(", " ").replace(")", " ").split()
        for i, word in enumerate(words):
            if word.lower() in SPOKESPEOPLE:
                for j in range(max(0, i - 4), i):
                    named = voices.setdefault(" ".join(words[j:i]), [])
                    if not named or named[-1].speaker != person.speaker:
                        named.append(person)
    result = []
    for reaction in reactions:
        candidates = [
            p for p in voices.get(reaction.speaker, ())[-20:] if p.speaker != reaction.speaker
        ]
        if candidates and not reaction.role:
            nearest = min(candidates, key=lambda p: abs(p.evidence.start - reaction.evidence.start))
            reaction = replace(reaction, speaker=nearest.speaker, role=nearest.role)
        result.append(reaction)
    return result


SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "spokesmen"})


def _with_roles(reactions: list[Reaction]) -> list[Reaction]:
    """Every reaction of a speaker carries the role found in any of them."""
    roles: dict[str, str] = {}
    for reaction in reactions:
        if reaction.role and reaction.speaker not in roles:
            roles[reaction.speaker] = reaction.role
    return [replace(r, role=r.role or roles.get(r.speaker)) if not r.role else r for r in reactions]


def _token_text(tokens: tuple[Token, ...]) -> str:
    return " ".join(t.text for t in tokens)
