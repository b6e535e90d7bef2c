"""The code query language: codes combined with AND, OR, NOT, NEAR and THEN (parsing only;
:mod:`.queries` runs a query on a project).

Grammar (operators in capitals; weakest first, left to right within a level)::

    query    := either ("OR" either)*
    either   := follow (("AND" | "AND NOT" | "NOT") follow)*
    follow   := operand (("NEAR/" N | "NEAR/PARAGRAPH" | "THEN" | "THEN/" N) operand)*
    operand  := ["ONLY"] code | "(" query ")"
    code     := "quoted name" | 'quoted name' | words up to the next operator or parenthesis

A code is written as on the command line (a name or a path ``parent/child``; a ``/`` inside a
name as ``\\/``). Unquoted names may hold spaces (``Women's groups AND Water``); quote a name
that holds an operator word in capitals or a parenthesis. A code stands for itself and its
sub-codes; ``ONLY code`` for the code alone. ``N`` counts characters (code points). Lower-case
``and``, ``or`` ... are words of a name, not operators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glocal_annotator.errors import InvalidOperation

OPERATORS = ("AND", "OR", "NOT", "NEAR", "THEN")
_TOKEN = re.compile(r"""\s*(?:(?P<paren>[()])|(?P<quoted>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
                    r"""|(?P<word>[^\s()]+))""")
_DISTANCE = re.compile(r"(NEAR|THEN)/(.*)\Z")


@dataclass(frozen=True)
class CodeRef:
    """A code named in a query; ``subcodes`` False for ``ONLY name``."""

    name: str
    subcodes: bool = True

    def __str__(self) -> str:
        quoted = '"' + self.name.replace('"', '\\"') + '"'
        return f"ONLY {quoted}" if not self.subcodes else quoted


@dataclass(frozen=True)
class Operation:
    """``left OPERATOR right``. ``operator`` is one of :data:`OPERATORS`; ``distance``: for
    NEAR, the characters allowed between (None with ``paragraph``); for THEN, the characters
    allowed between (None: any)."""

    operator: str
    left: Query
    right: Query
    distance: int | None = None
    paragraph: bool = False

    def __str__(self) -> str:
        operator = self.operator
        if self.paragraph:
            operator += "/PARAGRAPH"
        elif self.distance is not None:
            operator += f"/{self.distance}"
        return f"({self.left} {operator} {self.right})"


Query = CodeRef | Operation


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "op", "name"
    text: str
    position: int  # where it starts in the query (0-based)
    quoted: bool = False


def parse_query(text: str) -> Query:
    """The query ``text`` says (module notes). Raises InvalidOperation, one line naming what is
    wrong and where (character positions count from 1), for an empty or malformed query."""
    tokens = _tokens(text)
    if not tokens:
        raise InvalidOperation("the query is empty; write codes joined by AND, OR, NOT, NEAR/N, "
                               "NEAR/PARAGRAPH or THEN")
    parser = _Parser(text, tokens)
    query = parser.query()
    if parser.index < len(tokens):
        token = tokens[parser.index]
        what = "a closing parenthesis without its opening one" if token.text == ")" else \
            f"{token.text!r} where an operator (AND, OR, NOT, NEAR/N, THEN) belongs"
        raise parser.error(f"{what}", token)
    return query


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing spaces are left
            break
        position = match.end()
        if match.group("paren"):
            tokens.append(_Token(match.group("paren"), match.group("paren"), match.start("paren")))
        elif match.group("quoted"):
            raw = match.group("quoted")
            inner = re.sub(r"\\([\"'])", r"\1", raw[1:-1])
            tokens.append(_Token("name", inner, match.start("quoted"), quoted=True))
        elif match.group("word"):
            word = match.group("word")
            if word[0] in "\"'":
                raise InvalidOperation(f"the quote at character {match.start('word') + 1} of "
                                       "the query is not closed")
            kind = "op" if word in (*OPERATORS, "ONLY") or _DISTANCE.match(word) else "name"
            tokens.append(_Token(kind, word, match.start("word")))
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0

    def error(self, what: str, token: _Token | None = None) -> InvalidOperation:
        where = f"at character {token.position + 1}" if token else "at the end"
        return InvalidOperation(f"the query {self.text.strip()!r} has {what} {where}")

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def query(self) -> Query:
        left = self.either()
        while (token := self.peek()) is not None and token.text == "OR":
            self.index += 1
            left = Operation("OR", left, self.either())
        return left

    def either(self) -> Query:
        left = self.follow()
        while (token := self.peek()) is not None and token.text in ("AND", "NOT"):
            self.index += 1
            operator = token.text
            following = self.peek()
            if operator == "AND" and following is not None and following.text == "NOT":
                self.index += 1
                operator = "NOT"
            left = Operation(operator, left, self.follow())
        return left

    def follow(self) -> Query:
        left = self.operand()
        while (token := self.peek()) is not None and token.text.startswith(("NEAR", "THEN")):
            self.index += 1
            operator, distance, paragraph = self.proximity(token)
            left = Operation(operator, left, self.operand(), distance, paragraph)
        return left

    def proximity(self, token: _Token) -> tuple[str, int | None, bool]:
        match = _DISTANCE.match(token.text)
        if match is None:
            if token.text == "THEN":
                return "THEN", None, False
            raise self.error("NEAR without a distance (write NEAR/200 for 200 characters, or "
                             "NEAR/PARAGRAPH)", token)
        operator, amount = match.groups()
        if operator == "NEAR" and amount.upper() == "PARAGRAPH":
            return "NEAR", None, True
        if not amount.isascii() or not amount.isdigit():
            allowed = "a number of characters or PARAGRAPH" if operator == "NEAR" else \
                "a number of characters"
            raise self.error(f"{token.text!r}: after {operator}/ write {allowed}", token)
        return operator, int(amount), False

    def operand(self) -> Query:
        token = self.peek()
        if token is None:
            raise self.error("an operator without a code after it")
        if token.text == "(" and token.kind == "(":
            self.index += 1
            inner = self.query()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.error("an opening parenthesis that is not closed", token)
            self.index += 1
            return inner
        if token.kind == "op" and token.text == "ONLY":
            self.index += 1
            code = self.peek()
            if code is None or code.kind != "name":
                raise self.error("ONLY without a code after it", token)
            return CodeRef(self.name(), subcodes=False)
        if token.kind != "name":
            what = "a closing parenthesis" if token.kind == ")" else f"{token.text} without a " \
                "code before it" if token.text in OPERATORS or _DISTANCE.match(token.text) \
                else repr(token.text)
            raise self.error(what, token)
        return CodeRef(self.name())

    def name(self) -> str:
        first = self.tokens[self.index]
        self.index += 1
        if first.quoted:
            return first.text
        words = [first.text]
        while (token := self.peek()) is not None and token.kind == "name" and not token.quoted:
            words.append(token.text)
            self.index += 1
        return " ".join(words)
