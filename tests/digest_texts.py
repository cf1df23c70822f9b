"""Small invented news reports for the digest tests (written for this project).

Three events, so tests can check what must group and what must not:

- FLOOD_WIRE / FLOOD_LOCAL: one flood, reported by two outlets in their own words;
- COUNCIL: the same city and mayor as the flood, but a different event (a budget vote);
- ROBOT: an unrelated business story.
"""

from __future__ import annotations

FLOOD_WIRE = """Floods kill six in Rhône valley as river bursts its banks

LYON — Six people were killed and at least 40 injured when the Rhône burst its banks \
south of Lyon on Tuesday night, flooding villages between Vienne and Valence, the \
regional prefecture said on Wednesday.

Prefect Marc Laurent said rescuers had evacuated more than 2,000 residents and that \
helicopters from the civil protection service were still lifting families from rooftops \
near Condrieu. Météo-France kept its red alert for heavy rain in place for a second day.

"This is the worst flooding the valley has seen in thirty years," Laurent told \
reporters in Vienne, adding that the water level had begun to fall overnight.

The mayor of Lyon, Claire Dubois, opened three gymnasiums to shelter evacuated families \
and called on the government to declare a natural disaster in the Rhône department.

The interior ministry said 800 firefighters and 300 soldiers had been sent to the \
valley to help with the evacuation and to reinforce dykes near Valence."""

FLOOD_LOCAL = """Rhône flood: death toll rises to seven, prefect says

VIENNE — The death toll from the flooding of the Rhône rose to seven on Wednesday after \
rescuers found the body of a man in a submerged car near Condrieu, prefect Marc Laurent \
said.

Water poured into villages between Vienne and Valence after the river burst its banks on \
Tuesday night. Helicopters of the civil protection service spent the night lifting \
families from rooftops, and more than 2,000 residents were evacuated.

Météo-France maintained its red alert for heavy rain, warning that the river could rise \
again on Thursday. Firefighters and soldiers were reinforcing the dykes around Valence.

In Lyon, mayor Claire Dubois said the city's gymnasiums would stay open to evacuated \
families for as long as needed and asked the government to declare a natural disaster \
in the Rhône department. Laurent said it was the worst flooding in thirty years."""

COUNCIL = """Lyon council approves budget after late-night session

LYON — Lyon's city council approved next year's budget by 41 votes to 28 on Monday after \
a debate that ran past midnight, with mayor Claire Dubois defending plans to spend more on \
tram lines and school canteens.

The opposition leader, Paul Mercier, said the budget raised property taxes for the third \
year running and accused the mayor of hiding the cost of the new tram line to Villeurbanne.

Dubois replied that the tram would be paid for by regional and European grants and that \
the city's debt would fall for the second year in a row. The budget includes 12 million \
euros for school canteens and a new library in the seventh district.

The council also voted to rename a square after the painter Suzanne Valadon."""

ROBOT = """Hamburg start-up unveils warehouse robot that learns from video

HAMBURG — Nordwind Robotics, a Hamburg start-up, unveiled a warehouse robot on Thursday \
that it says can learn to pick new products by watching a short video of a person doing \
the task.

Chief executive Anja Keller said the company had raised 45 million euros from investors \
led by a Munich fund and would open a factory in Lübeck next year, creating 200 jobs.

"Retailers change their ranges every week; a robot has to keep up," Keller said at the \
launch. The first robots will go to a grocery chain in Bremen in the spring.

Analysts said the market for warehouse automation in Germany was growing by about 15 \
percent a year, but warned that several rivals were developing similar systems."""


def re_edit(text: str) -> str:
    """The same report re-edited: another headline, a paragraph dropped, two swapped,
    one sentence changed."""
    paragraphs = text.split("\n\n")
    headline, body = paragraphs[0], paragraphs[1:]
    body = body[:-1]  # the last paragraph cut
    if len(body) >= 3:
        body[1], body[2] = body[2], body[1]
    body[0] = body[0].replace("on Wednesday", "in a statement on Wednesday morning")
    return "\n\n".join([f"UPDATED: {headline.lower()}", *body])
