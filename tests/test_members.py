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

    formatted_sources: list[str] = []
    real = formatting._run_black

    def recording(jobs, line_length):
        formatted_sources.extend(source for _, _, source in jobs)
        return real(jobs, line_length)

    monkeypatch.setattr(formatting, "_run_black", recording)
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
