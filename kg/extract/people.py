"""People and posts a report names, found by the language of titles and chairs.

    "Deputy Chief Constable (DCC) Alan Goodwin holds the portfolios ..." -> Alan Goodwin holds
     the inspected force's deputy chief constable post
    "HM Inspector of Constabulary for the Eastern Region, Zoe Billingham, said" -> Zoe
     Billingham holds an HM Inspector of Constabulary post of the inspectorate
    "The chair of the PA is Janet Birkin." -> Janet Birkin holds the police authority's chair
    "The deputy chief constable chairs a confidence steering group" (a stated relation, from
     kg.extract.relations) -> the group is chaired by the force's deputy chief constable post

A title names a post of the force whose report it is (a chief officer named by rank in an
inspection of one force is that force's), or of the inspectorate for HM Inspectors. Precision
first: a name must follow a capitalised title directly, be two or three capitalised words, and
name nothing the gazetteer knows ("the Chief Constable, East Midlands ..." names no one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.extract.entities import EntityMatcher
from kg.facts import (
    Entity,
    HoldingFact,
    PostChairFact,
    PostFact,
    PostMentionFact,
    RelationFact,
)
from kg.source.document import SourceDocument
from kg.source.segments import running_paragraphs


@dataclass(frozen=True)
class Role:
    slug: str
    label: str
    title: str  # a regular expression for the capitalised title
    acronym: str | None
    inspectorate: bool = False  # a post of the inspectorate, not of the force


ROLES = (
    Role("chief-constable", "Chief constable", r"(?<!Deputy )(?<!Assistant )Chief Constable", None),
    Role("deputy-chief-constable", "Deputy chief constable", "Deputy Chief Constable", "DCC"),
    Role(
        "assistant-chief-constable",
        "Assistant chief constable",
        "Assistant Chief Constable",
        "ACC",
    ),
    Role(
        "police-and-crime-commissioner",
        "Police and crime commissioner",
        r"Police and Crime Commissioner",
        "PCC",
    ),
    Role("chief-executive", "Chief executive", r"Chief Executive", None),
    Role(
        "hm-inspector-of-constabulary",
        "HM Inspector of Constabulary",
        r"(?:HM|H[ie][rs] Majesty['’]s) Inspector of Constabulary"
        r"(?: and (?:of )?Fire (?:&|and) Rescue Services)?(?: for (?:the )?[A-Z][\w ]{2,40}?)?",
        "HMI",
        inspectorate=True,
    ),
)
_BY_SLUG = {role.slug: role for role in ROLES}

_NAME_WORD = r"[A-Z][a-zà-öø-ÿ]+(?:['’-][A-Z]?[a-zà-öø-ÿ]+)?"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,2}}"
# Words that begin a name-like run but are never a person's name in these reports.
_NOT_NAMES = {
    "North", "South", "East", "West", "Central", "Midlands", "Region", "Regional", "The",
    "Police", "Constabulary", "Force", "County", "City", "Council", "Board", "Group", "Team",
    "Unit", "Service", "Office", "Authority", "Chief", "Deputy", "Assistant", "Inspector",
    "Commissioner", "Constable", "Operations", "Crime", "Safer", "Neighbourhood",
}  # fmt: skip
# A post named in a stated relation: "the deputy chief constable", "an ACC", "the Police
# Authority Chairman", "the head of community safety from Derbyshire County Council".
_OBJECT_POST = re.compile(
    r"^(?:the|a|an)\s+(?P<title>(?:(?:deputy|assistant)\s+)?chief\s+constable|DCC|ACC|PCC"
    r"|police\s+and\s+crime\s+commissioner|chief\s+executive)(?:\s*\([a-z ]+\))?$"
    r"|^(?:the|a|an)\s+(?:[A-Z][\w ]+?\s+)?(?P<chair>[Cc]hair(?:man|woman|person)?)$"
    r"|^(?:the|a|an)\s+(?P<head>head\s+of\s+[a-z][a-z ]{2,40}?)\s+(?:from|of|at)\s+",
    re.IGNORECASE,
)


def find_people(
    doc: SourceDocument,
    matcher: EntityMatcher,
    force: tuple[str, str] | None,
    inspectorate: tuple[str, str],
    resolve: Callable[[Entity], Entity | None] = lambda entity: entity,
) -> tuple[HoldingFact, ...]:
    """People named with their post; `force` and `inspectorate` are (IRI, name) of the
    report's force (None: no force posts are read) and of its inspectorate; `resolve` is what
    a named body stands for in this report (the force's own police authority for "the PA")."""
    patterns = _holding_patterns()
    found: dict[tuple[str, str], HoldingFact] = {}
    for start, end in running_paragraphs(doc):
        normalised = doc.normalised(start, end)
        text = normalised.text
        for role, pattern in patterns:
            for match in pattern.finditer(text):
                name = match.group("name")
                if not _is_name(name, matcher) or _names_another_force(text[match.end() :]):
                    continue
                organisation = inspectorate if role.inspectorate else force
                if organisation is None:
                    continue
                post = _post(role, organisation)
                evidence = doc.evidence(*normalised.source_span(match.start(), match.end()))
                found.setdefault((name, post.role), HoldingFact(name, post, evidence))
        for match in _NAME_IS_TITLE.finditer(text):
            name, title = match.group("name"), " ".join(match.group("title").split())
            if force is None or not _is_name(name, matcher) or matcher.find(title):
                continue
            known = _BY_SLUG.get(_slug(title))
            post = (
                _post(known, force)
                if known is not None
                else PostFact(_slug(title), title[0] + title[1:].lower(), *force, False)
            )
            evidence = doc.evidence(*normalised.source_span(match.start(), match.end()))
            found.setdefault((name, post.role), HoldingFact(name, post, evidence))
        for match in _CHAIR_IS.finditer(text):
            name = match.group("name")
            bodies = matcher.find(match.group("body"))
            if len(bodies) != 1 or not _is_name(name, matcher):
                continue
            body = resolve(bodies[0][2])
            if body is None:
                continue
            post = PostFact("chair", "Chair", body.iri, body.label, True)
            evidence = doc.evidence(*normalised.source_span(match.start(), match.end()))
            found.setdefault((name, body.iri), HoldingFact(name, post, evidence))
    return tuple(found.values())


# "Terry Neaves is the Director of Finance and Administration.": a force's senior staff post.
_NAME_IS_TITLE = re.compile(
    rf"(?<![\w,] )(?P<name>{_NAME}) is the (?P<title>(?:Director|Head) of "
    rf"[A-Z][a-z]+(?:(?: and| &)? [A-Z][a-z]+){{0,4}}|Chief Executive)\b"
)
# "The chair of the PA is Janet Birkin."
_CHAIR_IS = re.compile(
    rf"\b[Tt]he (?:chair|Chair|chairman|Chairman) of (?P<body>the [^,.;]{{2,60}}?) is "
    rf"(?P<name>{_NAME})(?=[\s,.;:)]|$)"
)


# The force's chief officer posts, as a report of one force names them by title alone: "the
# chief constable", "an assistant chief constable", "the DCC", "the police and crime
# commissioner's plan". Not a plural ("chief constables"), not the office ("the office of the
# police and crime commissioner" is a body), not another force's ("the chief constable of ...").
_TITLE_MENTION = re.compile(
    r"(?<![\w-])(?:(?P<deputy>deputy\s+chief\s+constable)|(?P<assistant>assistant\s+chief\s+"
    r"constable)|(?<!deputy\s)(?<!assistant\s)(?P<chief>chief\s+constable)"
    r"|(?P<pcc>police\s+and\s+crime\s+commissioner))(?![\w-])"
    r"|(?<![\w-])(?P<acronym>DCC|ACC|PCC)(?![\w-])",
    re.IGNORECASE,
)
_OFFICE_BEFORE = re.compile(r"\boffice\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_GROUP_SLUGS = {
    "deputy": "deputy-chief-constable",
    "assistant": "assistant-chief-constable",
    "chief": "chief-constable",
    "pcc": "police-and-crime-commissioner",
}
_ACRONYM_SLUGS = {
    "DCC": "deputy-chief-constable",
    "ACC": "assistant-chief-constable",
    "PCC": "police-and-crime-commissioner",
}


def find_post_mentions(
    doc: SourceDocument, matcher: EntityMatcher, force: tuple[str, str] | None
) -> tuple[PostMentionFact, ...]:
    """Each naming by title of a chief officer post of the report's force (`force`: its IRI
    and name; None: none is read), with the title as its evidence. An acronym counts only
    where the report defines it as the title ("Deputy Chief Constable (DCC)", a glossary's
    "DCC  Deputy Chief Constable"; DCC is also a county council), and not as part of a
    name ("the DCC Safer Derbyshire website"; "ACC Peter Goodman" is the post)."""
    if force is None:
        return ()
    defined = _defined_acronyms(doc.text)
    found = []
    for start, end in running_paragraphs(doc):
        normalised = doc.normalised(start, end)
        text = normalised.text
        for match in _TITLE_MENTION.finditer(text):
            if match.group("acronym"):
                acronym = match.group("acronym")
                if acronym not in defined:
                    continue  # (matched whatever the case: an acronym counts only as written)
                name = re.match(rf" (?P<name>{_NAME})", text[match.end() :])
                if re.match(r" [A-Z]", text[match.end() :]) and not (
                    name and _is_name(name.group("name"), matcher)
                ):
                    continue
                slug = _ACRONYM_SLUGS[acronym]
            else:
                slug = next(_GROUP_SLUGS[g] for g in _GROUP_SLUGS if match.group(g))
            if _OFFICE_BEFORE.search(text[: match.start()]) or _names_another_force(
                text[match.end() :]
            ):
                continue
            evidence = doc.evidence(*normalised.source_span(match.start(), match.end()))
            found.append(PostMentionFact(_post(_BY_SLUG[slug], force), evidence))
    return tuple(found)


def _defined_acronyms(text: str) -> set[str]:
    defined = set()
    for acronym, slug in _ACRONYM_SLUGS.items():
        title = r"\s+".join(_BY_SLUG[slug].label.split())
        if re.search(
            rf"{title}\s*\(\s*{acronym}\s*\)|^[ \t•]*{acronym}\b[ \t:–-]+{title}",
            text,
            re.IGNORECASE | re.MULTILINE,
        ):
            defined.add(acronym)
    return defined


def _holding_patterns() -> list[tuple[Role, re.Pattern[str]]]:
    """Title then name: "Chief Constable Mick Creedon", "the Chief Constable, Michael
    Creedon", "Assistant Chief Constable (ACC) Dee Collins", "ACC Peter Goodman"; or name then
    title, as a page signs it: "Wendy Williams, Her Majesty’s Inspector of Constabulary"."""
    patterns = []
    for role in ROLES:
        titles = [role.title] + ([role.acronym] if role.acronym else [])
        acronym = rf"(?:\s*\({role.acronym}\))?" if role.acronym else ""
        title = "|".join(titles)
        patterns.append(
            (
                role,
                re.compile(
                    rf"(?<![\w-])(?:{title}){acronym}(?:, | )(?P<name>{_NAME})(?=[\s,.;:)]|$)"
                ),
            )
        )
        patterns.append(
            (
                role,
                re.compile(rf"(?<![\w,’'] )(?<![\w-])(?P<name>{_NAME}), (?:{role.title})(?![\w-])"),
            )
        )
    return patterns


def _is_name(name: str, matcher: EntityMatcher) -> bool:
    words = name.split()
    return not (set(words) & _NOT_NAMES) and not matcher.find(name)


def _names_another_force(after: str) -> bool:
    """ "Chief Constable Jane Doe of Nottinghamshire Police": someone else's post."""
    return re.match(r"\s*,?\s*(?:of|from)\s+[A-Z]", after) is not None


def _post(role: Role, organisation: tuple[str, str]) -> PostFact:
    return PostFact(role.slug, role.label, organisation[0], organisation[1], True)


def post_chairs(
    relations: Iterable[RelationFact], force: tuple[str, str] | None
) -> tuple[PostChairFact, ...]:
    """Bodies chaired or led by a post, from the stated relations whose object, as worded,
    is a post: a force's chief officer (when the relation's object is the report's force), or
    the chair or a head of another named organisation."""
    found: dict[tuple[str, str, str], PostChairFact] = {}
    for relation in relations:
        if relation.relation.slug not in ("chaired-by", "led-by") or not relation.object_text:
            continue
        match = _OBJECT_POST.match(relation.object_text.strip())
        if match is None or relation.object is None:
            continue
        obj = relation.object
        if match.group("title"):
            if force is None or obj.iri != force[0]:
                continue
            post = _post(_role_of(match.group("title")), force)
        elif match.group("chair"):
            if force is not None and obj.iri == force[0]:
                continue  # "the chair" of a force is no post of it
            post = PostFact("chair", "Chair", obj.iri, obj.label, True)
        else:
            head = " ".join(match.group("head").split()).lower()
            post = PostFact(_slug(head), head[0].upper() + head[1:], obj.iri, obj.label, False)
        fact = PostChairFact(relation.subject, relation.relation.slug, post, relation.evidence)
        found.setdefault((relation.subject.iri, fact.relation, post.role), fact)
    return tuple(found.values())


def _role_of(title: str) -> Role:
    words = " ".join(title.split()).lower()
    for role in ROLES:
        if words in (role.label.lower(), (role.acronym or "").lower()):
            return role
    return _BY_SLUG["chief-constable"]  # "chief constable" alone


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
