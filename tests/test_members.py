"""Black member by member (generator/members.py) gives exactly black's output on the whole module."""

from __future__ import annotations

from functools import lru_cache

import black
import pytest

from generator import formatting, members
from generator.formatting import format_files
from generator.pipeline import generate
from tests.goldens import REPO_ROOT, golden_cases

SHARED_SPECS = REPO_ROOT.parent / "shared" / "specs"
MODE = black.Mode()


def _black(source: str) -> str:
    return black.format_str(source, mode=MODE)


@lru_cache(maxsize=None)
def _rendered(spec: str, package: str) -> dict[str, str]:
    return generate(__import__("pathlib").Path(spec), package, formatter="none").files


def _assert_same_as_whole(path: str, text: str) -> None:
    by_member = members.format_split(text, _black)
    if by_member is not None:
        assert by_member == _black(text), f"{path}: member by member differs from black on the whole module"


def _sources_black_formats(monkeypatch) -> list[str]:
    """Every source black is given from now on (in this process)."""
    sources: list[str] = []
    real = formatting._run_black

    def recording(jobs, line_length):
        sources.extend(source for _, _, source in jobs)
        return real(jobs, line_length)

    monkeypatch.setattr(formatting, "_run_black", recording)
    return sources


CASES = golden_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_golden_module_formats_the_same_member_by_member(case):
    files = _rendered(str(case.spec), case.package)
    split = 0
    for path, text in sorted(files.items()):
        if path.endswith(".py") and "/core/" not in path:
            _assert_same_as_whole(path, text)
            split += members.split_members(text) is not None
    assert split or case.name in ("no_paths",)  # every SDK with operations has classes with methods


CORPUS = [SHARED_SPECS / "cohere-openapi.yaml", SHARED_SPECS / "corpus" / "spotify.yaml"]


@pytest.mark.skipif(not SHARED_SPECS.is_dir(), reason="../shared/specs is absent")
@pytest.mark.parametrize("spec", CORPUS, ids=[p.stem for p in CORPUS])
def test_the_largest_corpus_modules_format_the_same_member_by_member(spec):
    files = _rendered(str(spec), "sdk")
    largest = sorted((p for p in files if p.endswith(".py")), key=lambda p: len(files[p]), reverse=True)[:6]
    assert any(members.split_members(files[p]) is not None for p in largest)
    for path in largest:
        _assert_same_as_whole(path, files[path])


TRICKY = '''\
import typing


class Thing:
    """A docstring that looks like code:

    def fake(self):
        pass
    @decorator
    """

    value: int = 1

    def __init__(self) -> None:
        self.value = 2
    @typing.overload
    def get(self, key: str) -> str: ...
    @typing.overload
    def get(self, key: int) -> int:
        ...

    def get(self, key):  # the implementation
        def inner(x):
            return x


        return inner(key)
    @property
    def    size(self) -> int:
        return  self.value



    async def fetch(self, *, a: int = 1, b: str = "x", c: typing.Optional[typing.List[str]] = None, d: float = 2.0) -> None:
        raise NotImplementedError()
    # a comment between methods
    def last(self): pass


def after():
    return Thing()


class Second(Thing):
    def only(self):
        return [1,
          2]
'''


def test_awkward_members_format_the_same():
    split = members.split_members(TRICKY)
    assert split is not None and len(split.members) == 8
    assert members.format_split(TRICKY, _black) == _black(TRICKY)


def test_modules_it_cannot_split_are_left_whole():
    assert members.split_members("x = 1\n") is None  # no classes
    assert members.split_members("class A:\n    x = 1\n") is None  # no methods
    assert members.split_members("def (:\n") is None  # not Python
    placeholder_in_text = "class A:\n    def f(self):\n        return '_sdkforge_member_0'\n"
    assert members.split_members(placeholder_in_text) is None


def test_one_changed_method_is_the_only_thing_black_formats(tmp_path, monkeypatch):
    monkeypatch.setattr(formatting, "_SPLIT_MIN_CHARS", 0)
    before = {"m.py": TRICKY, "other.py": "x  =  1\n"}
    first = format_files(before, cache_dir=tmp_path)
    assert first == {p: _black(t) for p, t in before.items()}

    formatted_sources = _sources_black_formats(monkeypatch)
    edited = {"m.py": TRICKY.replace("return  self.value", "return  self.value + 1"), "other.py": "x  =  1\n"}
    second = format_files(edited, cache_dir=tmp_path)
    assert second == {p: _black(t) for p, t in edited.items()}
    assert len(formatted_sources) == 1 and "self.value + 1" in formatted_sources[0]
    assert formatted_sources[0].startswith(members.WRAPPER) and "async def" not in formatted_sources[0]


def test_invalid_python_in_a_large_module_is_still_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(formatting, "_SPLIT_MIN_CHARS", 0)
    from generator.errors import SpecError

    with pytest.raises(SpecError, match=r"generated pkg/bad\.py is not valid Python"):
        format_files({"pkg/bad.py": "class A:\n    def f(self):\n        return (\n"}, cache_dir=tmp_path)


# --- methods formatted apart from their docstrings ----------------------------------------

DOCSTRINGS = '''\
class Client:
    """A class docstring stays in the method's text."""

    def plain(self) -> None:
        """One line."""
        return None

    def long(self, a: int,
             b: str = "x") -> str:
        """
        Several lines, one of them blank,

          one indented more, é and 🦜 (multi-byte: ast counts bytes), a tab\there
        and a closing line whose quotes would pass the line length when joined...
        """
        return b * a

    def quoted(self):
        """Ends with a quote \\""""
        return 1

    def backslash(self):
        """A backslash \\\\ and a trailing one \\\\"""
        return 2

    def   spaced(self):
        """   Leading spaces, trailing spaces   """


        return 3

    def nested(self):
        def inner():
            """A docstring two levels down."""
            return 4
        return inner

    def same_line(self): """On the def's line: left in the method."""

    def followed(self):
        """Followed on its line."""; x = 1
        return x

    def raw(self):
        r"""A raw docstring: left in the method."""
        return 5

    async def single_quotes(self):
        \'\'\'Single quotes: left in the method.\'\'\'
        return 6
'''


def test_docstrings_are_taken_out_only_where_black_formats_them_alone():
    split = members.split_members(DOCSTRINGS)
    hollowed = [members.hollow_docstrings(split.wrapped(i)) for i in range(len(split.members))]
    counts = [len(h.docstrings) if h else 0 for h in hollowed]
    # plain, long, quoted, backslash, spaced, nested (inner), then four left as they are
    assert counts == [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert members.format_split(DOCSTRINGS, _black) == _black(DOCSTRINGS)


def test_a_docstring_at_depth_formats_as_it_does_in_its_method():
    for depth in (1, 2, 3, 5):
        literals = ('"""x"""', '"""\n    a\n      b\n    """', '"""' + "word " * 30 + '"""')
        stub = members.docstring_stub(depth, literals)
        apart = members.split_docstring_stub(depth, len(literals), _black(stub))
        assert apart is not None
        assert apart == tuple(members.split_docstring_stub(depth, 1, _black(members.docstring_stub(depth, (lit,))))[0] for lit in literals)


def test_sources_it_cannot_hollow_are_left_whole():
    assert members.hollow_docstrings("def f():\n    return 1\n") is None  # no docstring
    assert members.hollow_docstrings("def f(:\n") is None  # not Python
    assert members.hollow_docstrings('def f():\n    """_sdkforge_docstring_0"""\n') is None  # the placeholder's name
    hollow = members.hollow_docstrings('class _:\n    def f(self):\n        """Doc."""\n        return 1\n')
    assert hollow is not None and hollow.docstrings == ('"""Doc."""',) and hollow.depths == (2,)
    formatted = _black(hollow.text)
    assert members.fill(hollow, formatted.replace("        \"\"\"_sdkforge", "    \"\"\"_sdkforge"), ("x\n",)) is None  # moved
    assert members.fill(hollow, formatted, ('        """Doc."""\n',)) == _black('class _:\n    def f(self):\n        """Doc."""\n        return 1\n')


def test_an_edited_docstring_is_all_black_formats_again(tmp_path, monkeypatch):
    monkeypatch.setattr(formatting, "_SPLIT_MIN_CHARS", 0)
    first = format_files({"m.py": DOCSTRINGS}, cache_dir=tmp_path)
    assert first == {"m.py": _black(DOCSTRINGS)}

    formatted_sources = _sources_black_formats(monkeypatch)
    edited = DOCSTRINGS.replace("Several lines, one of them blank,", "Several lines (edited), one of them blank,")
    assert format_files({"m.py": edited}, cache_dir=tmp_path) == {"m.py": _black(edited)}
    assert len(formatted_sources) == 1 and "(edited)" in formatted_sources[0]
    assert "return b * a" not in formatted_sources[0], "the method's code was not formatted again"


def test_a_placeholder_black_moved_means_the_whole_method(tmp_path, monkeypatch):
    monkeypatch.setattr(formatting, "_SPLIT_MIN_CHARS", 0)
    monkeypatch.setattr(formatting, "fill", lambda hollow, formatted, docstrings: None)
    assert format_files({"m.py": DOCSTRINGS}, cache_dir=tmp_path) == {"m.py": _black(DOCSTRINGS)}


# --- a module split again from its earlier version ------------------------------------------


def _edits_of(text: str) -> list[str]:
    """Versions of ``text`` edited inside one method, across methods, and around them."""
    split = members.split_members(text)
    assert split is not None
    versions = []
    spans = members.spans(split)
    for start, end, _ in (spans[0], spans[len(spans) // 2], spans[-1]):
        body = text[start:end]
        versions.append(text[:start] + body.replace("(self", "(self, extra=1", 1) + text[end:])  # a signature
        versions.append(text[:end] + "    # a comment after it\n" + text[end:])  # between methods
        versions.append(text[:start] + body.replace("\n", "\n\n", 2) + text[end:])  # blank lines inside
        versions.append(text[:start] + body.rstrip("\n") + ' + """\n' + text[end:])  # an open string
        versions.append(text[:start] + body + "x = 1\n" + text[end:])  # a statement at the top level
        versions.append(text[:start] + body.replace("    def ", "    @staticmethod\n    def ", 1) + text[end:])
    first, last = spans[0][0], spans[-1][1]
    versions.append(text[: first + 10] + "X" + text[last - 10 :])  # one change over all of them
    return versions


@pytest.mark.parametrize("text", [TRICKY, DOCSTRINGS], ids=["tricky", "docstrings"])
def test_a_resplit_is_the_split_of_the_new_text_or_nothing(text):
    old = members.spans(members.split_members(text))
    reused = 0
    for version in _edits_of(text):
        resplit = members.resplit(text, old, version)
        if resplit is not None:
            reused += 1
            assert resplit == members.split_members(version)
    assert members.resplit(text, old, text) == members.split_members(text)
    assert reused >= 6  # the edits inside one method


def test_a_resplit_of_generated_client_modules(tmp_path):
    files = _rendered(str(REPO_ROOT / "specs" / "cohere.yaml"), "cohere_sdk")
    for path in ("cohere_sdk/batches/raw_client.py", "cohere_sdk/embed_jobs/client.py"):
        text = files[path]
        old = members.spans(members.split_members(text))
        edited = text.replace('"""', '"""An edited line.\n\n        ', 3)
        assert edited != text
        assert members.resplit(text, old, edited) in (None, members.split_members(edited))
        docstring = text.index('"""', text.index("    def "))
        one = text[:docstring + 3] + "Edited. " + text[docstring + 3 :]
        assert members.resplit(text, old, one) == members.split_members(one) is not None
        later = one.index('"""', one.index("    async def "))  # the same operation's async method
        two = one[:later + 3] + "Edited too,\n\n        on two lines. " + one[later + 3 :]
        assert members.resplit(text, old, two) == members.split_members(two) is not None


def test_the_next_run_finds_the_methods_from_the_last_split(tmp_path, monkeypatch):
    monkeypatch.setattr(formatting, "_SPLIT_MIN_CHARS", 0)
    format_files({"m.py": TRICKY}, cache_dir=tmp_path)
    parsed: list[str] = []
    real = members.split_members
    monkeypatch.setattr(formatting, "split_members", lambda text: parsed.append(text) or real(text))
    for n in range(3):
        edited = TRICKY.replace("return  self.value", f"return  self.value + {n}")
        assert format_files({"m.py": edited}, cache_dir=tmp_path) == {"m.py": _black(edited)}
    assert parsed == []  # each found from the one before
    broken = TRICKY.replace("def last(self): pass", "def last(self): pass\n    x = (")
    with pytest.raises(Exception):
        format_files({"m.py": broken}, cache_dir=tmp_path)
    assert parsed == [broken]  # not one method: parsed whole (and reported)
