"""Russian and Kazakh names in Latin letters and back, for searching: "Нурлан" finds Nurlan,
"Nurlan" finds Нурлан. Pure functions, no I/O.

Rule: passports of Kazakhstan (and Russia) spell names in Latin by ICAO Doc 9303, part 3
(Cyrillic table: Х KH, Ц TS, Ю IU, Я IA, Й I), with the Kazakh letters reduced to their base
letter (Ә A, Ғ G, Қ K, Ң N, Ө O, Ұ U, Ү U, Һ H, І I); people also write the common spellings
(Й Y, Ю YU, Я YA, Ё YO). Each spelling is one variant of the search word.
"""

ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
COMMON = {**ICAO, "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ъ": "", "х": "h"}

# Latin to Cyrillic: the longest letter groups first.
_BACK = [
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("iu", "ю"), ("yu", "ю"), ("ia", "я"), ("ya", "я"), ("yo", "ё"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("y", "ы"), ("k", "к"), ("q", "қ"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("h", "х"), ("c", "к"), ("w", "в"), ("x", "кс"), ("j", "дж"),
]  # fmt: skip


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def to_latin(text: str, table: dict[str, str] = ICAO) -> str:
    """``text`` with each Cyrillic letter spelled by ``table`` (lower case)."""
    return "".join(table.get(char, char) for char in text.casefold())


def to_cyrillic(text: str) -> str:
    """``text`` (Latin) spelled in Cyrillic letters, the longest letter groups first."""
    text = text.casefold()
    out, index = [], 0
    while index < len(text):
        for latin, cyrillic in _BACK:
            if text.startswith(latin, index):
                out.append(cyrillic)
                index += len(latin)
                break
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def spellings(word: str) -> list[str]:
    """The word as typed and its other spellings: Latin ones for a Cyrillic word (ICAO and
    common), a Cyrillic one for a Latin word. Without duplicates, the word first."""
    found = [word]
    if _has_cyrillic(word):
        candidates = [to_latin(word, ICAO), to_latin(word, COMMON)]
    elif any(char.isalpha() for char in word):
        candidates = [to_cyrillic(word)]
    else:
        candidates = []
    for candidate in candidates:
        if candidate and candidate.casefold() not in {f.casefold() for f in found}:
            found.append(candidate)
    return found
