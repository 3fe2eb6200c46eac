"""French: the words and cues the extractors read in French reports (Sahel press, UN releases).

Numbers: digits with space or no-break-space thousands ("1 200"), number words through
text2num ("deux cents", "trente et un"), and the approximate collectives of French
("une trentaine" about 30, "des dizaines" 20-99), recorded as their qualifier.
"""

from __future__ import annotations

import re

from text_to_num import text2num

from ..numbers import NumberGrammar
from . import Lexicon, PlaceGrammar, calendar_words, relatives
from .periods import days_ago, last_month, last_week, last_weekend, this_month, this_week

__all__ = ["FRENCH"]

_I = re.I
_MONTHS, _DAYS = calendar_words("fr")

_UNITS = ("zéro|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
          "quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille")  # fmt: skip
_WORDS = rf"(?:{_UNITS})(?:[- ](?:et[- ])?(?:{_UNITS}|un|une))*|(?:vingt|trente|quarante|cinquante|soixante)[- ]et[- ](?:un|une)"


def _word_value(text: str) -> int | None:
    try:
        return int(text2num(text.replace("une", "un"), "fr"))
    except ValueError:
        return None


# Approximate collectives: "une trentaine" is about 30; plurals are ranges like "dozens".
_ABOUT = {"une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20,
          "une trentaine": 30, "une quarantaine": 40, "une cinquantaine": 50,
          "une soixantaine": 60, "une centaine": 100, "un millier": 1000}  # fmt: skip
_APPROX: dict[str, tuple[int, int | None]] = {k: (v, v) for k, v in _ABOUT.items()}
_VAGUE: dict[str, tuple[int, int | None]] = _APPROX | {
    "des dizaines": (20, 99), "plusieurs dizaines": (20, 99), "des centaines": (200, 999),
    "plusieurs centaines": (200, 999), "des milliers": (2000, 9999),
    "plusieurs milliers": (2000, 9999), "des dizaines de milliers": (20000, 99999),
    "quelques": (2, 5), "plusieurs": (3, 9),
}  # fmt: skip

# "selon des sources locales", "rapporte l'armée": speakers that are no named entity
_SPEAKER = re.compile(
    r"(?:(?:les?|la|l['’]|des|un|une)\s*)?(?P<who>(?:gouvernement|armée|autorités|"
    r"responsables?|habitants|témoins|survivants|sources?(?:\s+\w+)?|porte-parole|élus?\s+"
    r"locaux|notables?)(?:\s+(?:maliens?|maliennes?|locales?|locaux|sécuritaires?|"
    r"militaires?|officielles?|concordantes?|hospitalières?))?)",
    _I,
)


NUMBERS = NumberGrammar(
    words=_WORDS,
    vague=_VAGUE,
    qualifiers=(
        r"au\s+moins|pas\s+moins\s+de|au\s+minimum|plus\s+de|près\s+de|environ|"
        r"quelque|autour\s+de|approximativement|presque|jusqu'à|jusqu’à|moins\s+de|"
        r"entre|~|>|<"
    ),  # fmt: skip
    min_quals=("au moins", "pas moins de", "au minimum", "plus de", ">"),
    max_quals=("jusqu'à", "jusqu’à", "moins de", "<"),
    digits=r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:,\d+)?)(?![A-Za-z0-9])",
    scale=r"(?:\s*(?:millions?|mille)\b)?",
    range_sep=r"\s*(?:[–—‐-]|à|et)\s*",
    and_words=("et",),
    between="entre",
    word_value=_word_value,
    thousands_sep="",
)


def _forms(stem: str, prop: str) -> dict[str, str]:
    """tué, tuée, tués, tuées -> the property."""
    return {stem + end: prop for end in ("", "e", "s", "es")}


KINDS: dict[str, str] = {
    **_forms("tué", "deaths"), **_forms("exécuté", "deaths"), **_forms("massacré", "deaths"),
    **_forms("assassiné", "deaths"), **_forms("abattu", "deaths"), **_forms("neutralisé", "deaths"),
    "morts": "deaths", "mort": "deaths", "morte": "deaths", "mortes": "deaths",
    "décès": "deaths", "péri": "deaths", "décédés": "deaths", "décédées": "deaths",
    "cadavres": "deaths", "corps": "deaths", "tombés": "deaths",
    **_forms("blessé", "injured"),
    **_forms("enlevé", "captured"), **_forms("kidnappé", "captured"), **_forms("arrêté", "captured"),
    **_forms("interpellé", "captured"), **_forms("capturé", "captured"), **_forms("détenu", "captured"),
    **_forms("séquestré", "captured"), "otages": "captured", "prisonniers": "captured",
    **_forms("disparu", "missing"),
    **_forms("déplacé", "displaced"), "réfugiés": "displaced",
    "victimes": "casualties",
}  # fmt: skip

FRENCH = Lexicon(
    code="fr",
    model="fr_core_news_sm",
    numbers=NUMBERS,
    kinds=KINDS,
    cue_before=re.compile(
        r"\b(a indiqué|ont indiqué|indique|indiquent|a déclaré|ont déclaré|déclare|a affirmé|"
        r"affirme|affirment|a annoncé|annonce|a rapporté|rapporte|rapportent|a estimé|estime|"
        r"a dénombré|a recensé|a confirmé|confirme|a dénoncé|dénonce|a assuré|assure|a précisé|"
        r"précise|a fait état|fait état|a reconnu|reconnaît|a révélé|révèle|conclut|a conclu|"
        r"a documenté|a signalé|signale|a dit|dit)\b", _I),
    cue_after=re.compile(r"(?:\b(?:selon|d['’]après|citant)\s+|\bde\s+sources?\s+)", _I),
    carry=re.compile(r"^\s*(il|elle|ils|elles|et|le rapport|le communiqué|l['’]organisation|"
                     r"le bureau|la mission)\b", _I),  # fmt: skip
    filler=frozenset({"ont", "a", "été", "avaient", "avait", "sont", "est", "auraient",
                      "aurait", "seraient", "serait", "étaient", "était", "sommairement",
                      "également", "aussi", "tous", "toutes", "les", "des", "de", "d", "l",
                      "la", "le", "du", "présumés", "présumées", "probablement", "au", "moins",
                      "total", "y", "ainsi", "en", "tout", "se"}),
    stop=frozenset({"dans", "à", "par", "depuis", "lors", "pendant", "avec", "pour", "près",
                    "sur", "entre", "après", "avant", "contre", "vers", "sous", "dont",
                    "parmi", "chez"}),
    kind_before=re.compile(
        r"\b(tué|tuant|exécuté|exécutant|massacré|blessé|blessant|enlevé|enlevant|arrêté|"
        r"interpellé|capturé|neutralisé|déplacé|mort|décès|la mort de|assassiné|abattu)\w*\b"
        r"[\w\s,'’]{0,25}$", _I),
    kind_stems=(("tu", "deaths"), ("exécut", "deaths"), ("massacr", "deaths"),
                ("neutralis", "deaths"), ("mort", "deaths"), ("la mort", "deaths"),
                ("décès", "deaths"), ("assassin", "deaths"), ("abattu", "deaths"),
                ("bless", "injured"), ("enlev", "captured"), ("arrêt", "captured"),
                ("interpell", "captured"), ("captur", "captured"), ("déplac", "displaced"),
                ("est mort", "deaths"), ("a succombé", "deaths"), ("est décéd", "deaths"),
                ("retrouvé", "deaths")),
    speaker=_SPEAKER,
    toll=re.compile(
        r"\bbilan\b(?:\s+(?:officiel|provisoire|humain|définitif))?[^.;:()]{0,40}?\b(?:s['’]élève|"
        r"est passé|atteint|fait état de|de|à|est de|était de)\s+(?:à\s+)?(?:au\s+moins\s+)?$",
        _I),
    toll_kinds={},
    listed=re.compile(
        r"(?:(?:\s*,\s*|\s+et\s+)(?:au moins\s+)?\d[\d  ]*\s+[\wÀ-ÿ-]+(?:\s+[\wÀ-ÿ-]+)?)+\s+"
        r"(?:ont été|avaient été|ont|sont|étaient)\s+(?P<kind>\w+)", _I),
    not_people=re.compile(
        r"\b(km|kilomètres?|mètres?|ans|années?|mois|semaines?|jours?|heures?|minutes?|"
        r"pour\s?cent|%|dollars?|euros?|francs?|tonnes?|véhicules?|motos?|maisons?|bâtiments?|"
        r"villages?|localités?|boutiques?|cas|rapports?|fois|pages|bus|camions?|cars)\b", _I),
    clause_and=r"\s+et\s+",
    by=r"par",
    month_words=_MONTHS,
    weekday_words=_DAYS,
    relative=relatives(
        ("avant-hier", days_ago(2)),
        ("hier(?:\\s+soir)?|dans la nuit d['’]hier", days_ago(1)),
        ("aujourd['’]hui|ce matin|cet après-midi|ce soir", days_ago(0)),
        ("cette semaine|en début de semaine", this_week),
        ("la semaine (?:dernière|passée)", last_week),
        ("(?:le|ce) week-end(?: dernier)?", last_weekend),
        ("ce mois-ci|plus tôt ce mois|en début de mois", this_month),
        ("le mois (?:dernier|passé)", last_month),
    ),
    weekday_cue=r"(?:\b(?:le|ce|depuis|dans la nuit de)\s+)?",
    vague_parts={"début": "early", "mi": "mid", "fin": "late", "à la fin de": "late",
                 "au début de": "early", "courant": "mid"},
    timeline_kinds=(
        ("denial", r"\b(dément\w*|démenti\w*|nié|nie|nient|rejet\w* (?:les )?(?:accusations|allégations)|désinformation)\b"),
        ("condemnation", r"\b(condamn\w*|dénonc\w*|déplor\w*|s['’](?:est|sont) dit\w* (?:préoccupé|inquiet)\w*|indign\w*)\b"),
        ("report", r"\b(rapport (?:sur|publié)|a publié (?:un |son )?rapport|documenté)\b"),
        ("investigation", r"\b(enquête\w*|investigation\w*|mission d['’]établissement des faits)\b"),
        ("announcement", r"\b(annonc\w*|a déclaré|a indiqué|a affirmé|communiqué)\b"),
        ("operation", r"\b(attaqu\w*|tué\w*|opération\w*|offensive|assaut|ont ouvert le feu|affrontements?|combats?|bombard\w*|frappes?|exécut\w*|massacre|embuscade)\b"),
    ),
    places=PlaceGrammar(
        preps=r"à|au|aux|dans|près de|non loin de|aux environs de|autour de|vers|attaqué|"
              r"(?:au )?(?:nord|sud|est|ouest)(?:-(?:est|ouest))? de|(?:km|kilomètres) de",
        near=r"près de|non loin de|aux environs de|autour de|vers|.* de",
        nouns=r"localité|ville|village|commune|cercle|région|zone|province|département|marché|"
              r"camp|hameau|quartier|forêt|axe|secteur",
        of=r"de|d['’]|du|des", between=r"entre", and_=r"et",
        region=r"région|cercle|province|département|commune",
        articles=r"le|la|les",
        sites=r"marché|mosquée|église|camp|base|pont|barrage|mine|école|hôpital|aéroport",
        not_places=frozenset({"le", "la", "les", "l", "un", "une", "ce", "cette", *_MONTHS,
                              *_DAYS}),
    ),
    verb_acts=(
        ("ambush", r"embusqu\w*|tendu"),
        ("attack", r"attaqu\w*|pris pour cible|ciblé\w*|assailli\w*|prise d['’]assaut"),
        ("kill", r"tu(?:é|ée|és|ées|ant|er|ent)|abattu\w*|exécut\w+|massacr\w+|égorg\w+|assassin\w+"),
        ("wound", r"bless(?:é|ée|és|ées|ant|er)"),
        ("clash", r"affront\w+|combatt\w+|repouss\w+|accroch\w+"),
        ("shell", r"bombard\w+|pilonn\w+"),
        ("bomb", r"explos\w+|sauté|détonn?\w+"),
        ("abduct", r"enlev\w+|enlevé\w*|kidnapp\w+"),
        ("loot", r"pill\w+|incendi\w+|brûl\w+|détrui\w+|vol(?:é|és|ée|ées)|emport\w+|saccag\w+"),
        ("arrest", r"arrêt(?:é|ée|és|ées|er)|interpell\w+|appréhend\w+"),
        ("protest", r"manifest\w+|rassembl\w+|march\w+|protest\w+|bloqu\w+"),
        ("riot", r"émeut\w*"),
        ("rape", r"viol(?:é|ée|és|ées|er)"),
        ("capture", r"captur\w+|empar\w+|occup\w+"),
        ("regain", r"repris|reconquis\w*|libér\w+"),
        ("fire", r"tir(?:é|er|ant)|ouvert"),
        ("force", r"dispers\w+|matraqu\w+"),
        ("withdraw", r"rétrocéd\w+|retir\w+|remis"),
        ("agreement", r"sign(?:é|ent|er)"),
    ),
    acts=(
        ("air", r"\b(?:frappes? aériennes?|frappes? de drones?|drones?|raids? aériens?|aéronefs?|"
                r"hélicoptères?|aviation|avions? de chasse|bombardements? aériens?)\b"),
        ("artillery", r"\b(?:obus|roquettes?|mortiers?|missiles?|artillerie|tirs? indirects?|"
                      r"pilonn\w+)\b"),
        ("suicide", r"\b(?:kamikazes?|attentat-suicide|attentats-suicides|suicide)\b"),
        ("explosive", r"\b(?:engins? explosifs?(?: improvisés?)?|EEI|IED|mines?(?: terrestres?)?|"
                      r"explosifs?|explosions?|a sauté|ont sauté|véhicule piégé|voiture piégée)\b"),
        ("grenade", r"\bgrenades?\b"),
        ("chemical", r"\b(?:armes? chimiques?|chlore|sarin)\b"),
        ("sexual", r"\b(?:viols?|violée?s?|violences? sexuelles?|agressions? sexuelles?)\b"),
        ("abduct", r"\b(?:enlev\w+|enlèvements?|kidnapp\w+|otages?|disparitions? forcées?)\b"),
        ("protest", r"\b(?:manifest\w+|marche|rassemblement|sit-in|grève)\b"),
        ("riot", r"\b(?:émeut\w*|foule|lynch\w*)\b"),
        ("riot_cue", r"\b(?:jets? de pierres|jeté des pierres|pneus brûlés|brûlé des pneus|saccag\w+|"
                     r"vandalis\w+|incendié)\b"),
        ("force", r"\b(?:gaz lacrymogènes?|balles en caoutchouc|dispers\w+|matraqu\w+|tirs? à "
                  r"balles réelles|canons? à eau)\b"),
        ("arrest", r"\b(?:arrêt(?:é|ée|és|ées)|interpell\w+|appréhend\w+|arrestations?)\b"),
        ("loot", r"\b(?:pill\w+|incendi\w+|brûl\w+ (?:des |les )?(?:maisons|cases|greniers|boutiques|"
                 r"véhicules)|détrui\w+|vol de bétail|emporté (?:le |du )?bétail|saccag\w+)\b"),
        ("agreement", r"\b(?:accord|cessez-le-feu|trêve|signé)\b"),
        ("base", r"\b(?:install\w+|établi\w*|ouvert) (?:une |un |sa |leur )?(?:nouvelle |nouveau )?"
                 r"(?:base|camp|poste)\b"),
        ("disrupt", r"\b(?:désamorc\w+|neutralis\w+ (?:un |des )?(?:engins?|explosifs?)|saisi\w* "
                    r"(?:\w+ ){0,2}(?:armes|munitions|explosifs)|découvert (?:un |des )?(?:engins?|"
                    r"caches? d['’]armes))\b"),
        ("withdraw", r"\b(?:retir\w+|quitté (?:la |le |leur )?(?:base|camp)|rétrocéd\w+)\b"),
        ("regain", r"\b(?:repris (?:le )?contrôle|reconquis\w*|libér\w+)\b"),
        ("capture", r"\b(?:pris (?:le )?contrôle|empar\w+|occup\w+)\b"),
        ("change", r"\b(?:prêté allégeance|fusionn\w+|scission|rallié\w*)\b"),
        ("clash", r"\b(?:affrontements?|combats?|accrochages?|échanges? de tirs|repouss\w+|riposte)\b"),
        ("ambush", r"\bembuscades?\b"),
        ("attack", r"\b(?:attaqu\w+|attaques?|assauts?|raids?|pris pour cible)\b"),
        ("kill", r"\b(?:tu(?:é|ée|és|ées|ant)|abattu\w*|exécut\w+|massacr\w+|morts?|décédé\w*|"
                 r"corps|tués)\b"),
        ("wound", r"\b(?:bless\w+)\b"),
    ),
    generic_actors=(
        (r"\b(?:manifestants?|protestataires?)\b", "protesters"),
        (r"\b(?:émeutiers?|foule|jeunes en colère)\b", "rioters"),
        (r"\b(?:dozos?|donsos?|chasseurs traditionnels)\b", "communal:Dozo"),
        (r"\b(?P<group>peuls?|peulhs?|dogons?|bambaras?|touaregs?|daoussahaks?|mossis?|haoussas?) "
         r"(?:armés|miliciens?|milices?)|\bmiliciens? (?P<group2>peuls?|dogons?|bambaras?)", "ethnic"),
        (r"\b(?:hommes armés|individus armés|assaillants?|terroristes?|jihadistes?|djihadistes?|"
         r"islamistes?|bandits?(?: armés)?|groupes? armés?|ravisseurs|inconnus|hommes non identifiés|"
         r"kamikazes?)\b", "unidentified"),
        (r"\b(?:policiers?|police)\b", "police"),
        (r"\b(?:armée|militaires?|soldats?|forces armées|gendarmes?|gendarmerie|forces de "
         r"(?:défense et de )?sécurité|fds|patrouille|convoi|poste militaire|camp militaire)\b",
         "military"),
        (r"\b(?:civils?|villageois|habitants|personnes|populations?|cultivateurs|éleveurs|bergers|"
         r"femmes|enfants|commerçants|passagers|orpailleurs|fidèles|élèves|enseignants?|chefs?|"
         r"imams?|hommes|garçons?|filles?|déplacés|réfugiés|conducteurs?|voyageurs|familles?)\b",
         "civilians"),
    ),
    singular=(
        re.compile(r"\b(?P<verb>tuant|tué|abattu|exécuté|blessant|blessé|enlevant|enlevé)\s+"
                   r"(?:un|une)\s+(?P<victim>[\w-]+)(?=[\s,.;]|$)", _I),
        re.compile(r"\b(?:un|une|le|la|l['’])\s*(?P<victim>[\w-]+)\s+(?:a été|avait été|est)\s+"
                   r"(?P<verb>tuée?|abattue?|blessée?|enlevée?|exécutée?|retrouvée? morte?)\b", _I),
        re.compile(r"\b(?:un|une|le|la|l['’])\s*(?P<victim>[\w-]+)\s+(?P<verb>est mort|est "
                   r"morte|a succombé|est décédée?)\b", _I),
    ),
    persons=frozenset({"civil", "soldat", "militaire", "gendarme", "policier", "enfant", "femme",
                       "homme", "chef", "imam", "berger", "commerçant", "élève", "enseignant",
                       "kamikaze", "assaillant", "conseiller", "maire", "notable", "passager",
                       "orpailleur", "éleveur", "cultivateur"}),
    speaker_after=_SPEAKER,  # the same speakers stand after "selon" and after the verb
    background=re.compile(
        r"\b(?:depuis (?:(?:19|20)\d\d|le début de l['’]année|l['’]an dernier)|depuis le début "
        r"de cette année|au cours des (?:dernières|derniers) (?:\w+ )?(?:années|ans))\b", _I),
    breakdown=re.compile(r"(?:\(|,|;|—|–)\s*(?:dont|parmi (?:eux|lesquels)|principalement|"
                         r"majoritairement)\s+(?:\w+\s+){0,2}$", _I),
    inverted_anywhere=True,
    ruler_first=True,
    reporting_verb=re.compile(
        r"\b(?:a déclaré|a indiqué|a annoncé|a affirmé|a publié|publié|rapporte|a rapporté|"
        r"indique|déclare|annonce|communiqué)\b(?:\s+\w+){0,3}?\s*$", _I),
)  # fmt: skip
