"""Every .cypher file has one typed wrapper and their parameters agree."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import kb.cli  # noqa: F401 - imports every module that registers query wrappers
from kb import queries
from kb.errors import QueryError

PYTHON_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "dict": dict}


def test_every_query_file_has_a_wrapper_and_no_wrapper_lacks_a_file() -> None:
    assert set(queries.specs()) == set(queries.WRAPPERS)


@pytest.mark.parametrize("key", sorted(queries.specs()))
def test_wrapper_parameters_match_the_header(key: str) -> None:
    spec = queries.specs()[key]
    signature = inspect.signature(queries.WRAPPERS[key], eval_str=True)
    params = {name: p for name, p in signature.parameters.items() if name != "db"}
    assert set(params) == set(spec.params)
    for name, declared in spec.params.items():
        annotation = params[name].annotation
        assert annotation is PYTHON_TYPES.get(declared, annotation), f"{key}: {name} is {declared}"


def test_bad_header_is_rejected_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "oops.cypher"
    path.write_text("// name: oops\n// mode: sometimes\n// cardinality: one\nRETURN 1\n")
    with pytest.raises(QueryError, match=r"oops.cypher: bad header: mode 'sometimes'"):
        queries.parse(path, "oops")
