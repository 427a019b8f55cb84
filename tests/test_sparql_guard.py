"""The SPARQL lexer that keeps queries off the network: SERVICE and LOAD found wherever they stand,
and never mistaken inside strings, IRIs, comments or prefixed names."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from xwalk.errors import QueryError
from xwalk.queries import catalogue, prepare
from xwalk.store.guard import check_query, check_update, inspect

from .servers import ROOT

# Each of these parses in Oxigraph and, evaluated, would call the SERVICE (see the test below).
REACHES_NETWORK = {
    "plain": "SELECT * WHERE { ?s ?p ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "lower case, silent": "select * where { ?s ?p ?o . service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "no spaces": "SELECT * WHERE{?s ?p ?o.SERVICE<http://127.0.0.1:9/>{?s ?p ?o}}",
    "in OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?x } } }",
    "in EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "in a subquery": "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    # a fake comment and long string that a regex over the raw text would skip
    "fake comment": 'SELECT * WHERE { ?s ?p ?a FILTER(?a<0)#x>"""\nSERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #"""\n}',
    # an escaped '#' inside a prefixed name is not a comment
    "escaped hash": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b ?o . "
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
}
HARMLESS = {
    "string": 'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
    "long string": "SELECT * WHERE { ?s ?p '''\nSERVICE <http://x/> { }\n''' }",
    "comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
    "iri": "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * WHERE { ?s a sd:Service }",
    "prefix named service": "PREFIX service: <http://e/> SELECT ?service WHERE { ?s service:load ?service }",
    "variable": "SELECT ?service ?load WHERE { ?service ?load ?o }",
    "comparisons": "SELECT * WHERE { ?s ?p ?o FILTER(?o<3&&?o>1) FILTER(?o <= <http://x#y>) }",
}


@pytest.mark.parametrize("name", sorted(REACHES_NETWORK))
def test_service_is_found(name: str) -> None:
    with pytest.raises(QueryError, match=r"^SERVICE is refused \(at line \d+, column \d+\)"):
        check_query(REACHES_NETWORK[name])


@pytest.mark.parametrize("name", sorted(REACHES_NETWORK))
def test_those_queries_really_would_reach_the_network(name: str) -> None:
    """Evidence that the cases above are real: pyoxigraph parses them and tries the HTTP call (SILENT
    and a FILTER EXISTS swallow the failure of that call, so those two just run)."""
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://e/s"),
            ox.NamedNode("http://e/a#b"),
            ox.Literal("-1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        )
    )
    if name in ("lower case, silent", "in EXISTS"):
        list(store.query(REACHES_NETWORK[name]))  # type: ignore[arg-type]
        return
    with pytest.raises(OSError, match="port 9"):
        list(store.query(REACHES_NETWORK[name]))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_harmless_mentions_pass(name: str) -> None:
    assert check_query(HARMLESS[name]).form == "SELECT"


def test_every_named_query_passes() -> None:
    for name, q in catalogue(ROOT / "queries").items():
        found = check_query(prepare(q.text))
        assert found.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), name


def test_forms_and_datasets() -> None:
    assert inspect("PREFIX a: <http://a/> ASK { ?s ?p ?o }").form == "ASK"
    assert inspect("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert inspect("DESCRIBE <http://x>").form == "DESCRIBE"
    found = inspect("PREFIX g: <http://g/> BASE <http://b/c/> SELECT * FROM g:one FROM NAMED <two> WHERE { ?s ?p ?o }")
    assert (found.from_default, found.from_named) == (["http://g/one"], ["http://b/c/two"])
    assert inspect("INSERT DATA { <a:b> <a:c> <a:d> }").is_update
    assert inspect("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").using


def test_updates_are_not_queries_and_load_is_refused() -> None:
    with pytest.raises(QueryError, match="this is an update"):
        check_query("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match=r"^LOAD is refused"):
        check_update("LOAD <http://127.0.0.1:9/x.ttl>")
    with pytest.raises(QueryError, match=r"^LOAD is refused"):
        check_update("CLEAR ALL ; load silent <http://127.0.0.1:9/x.ttl> into graph <http://g>")
    with pytest.raises(QueryError, match=r"^SERVICE is refused"):
        check_update("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="this is a query"):
        check_update("SELECT * WHERE { ?s ?p ?o }")
    assert check_update('INSERT DATA { <a:b> <a:c> "LOAD <http://x>" }').is_update


def test_unreadable_text_is_a_clear_error() -> None:
    with pytest.raises(QueryError, match="a string is not closed before the end of its line at line 1, column 24"):
        check_query('SELECT * WHERE { ?s ?p "abc\n }')
    with pytest.raises(QueryError, match="FROM needs an IRI"):
        check_query("SELECT * FROM unknown:x WHERE { ?s ?p ?o }")


# Every SPARQL end of line ends a `#` comment: the clause after it is live code for Oxigraph.
EOL_VARIANTS = {"lf": "\n", "cr": "\r", "crlf": "\r\n"}


@pytest.mark.parametrize("eol", sorted(EOL_VARIANTS))
def test_cr_comment_hides_service(eol: str) -> None:
    """The finding: a comment ended by a bare CR hid a SERVICE clause from the lexer."""
    query = f"SELECT ?x WHERE {{ # note{EOL_VARIANTS[eol]}SERVICE <http://127.0.0.1:9/> {{ ?x ?p ?o }} }}"
    with pytest.raises(QueryError, match=r"^SERVICE is refused \(at line 2, column 1\)"):
        check_query(query)
    with pytest.raises(OSError, match="port 9"):  # Oxigraph reads the same text as a SERVICE call
        list(ox.Store().query(query))  # type: ignore[arg-type]


@pytest.mark.parametrize("eol", sorted(EOL_VARIANTS))
def test_cr_comment_hides_load(eol: str) -> None:
    update = f"# c{EOL_VARIANTS[eol]}LOAD <http://127.0.0.1:9/data.ttl>"
    with pytest.raises(QueryError, match=r"^LOAD is refused \(at line 2, column 1\)"):
        check_update(update)


@pytest.mark.parametrize("eol", sorted(EOL_VARIANTS))
def test_comment_still_hides_text_up_to_its_end_of_line(eol: str) -> None:
    query = f"SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <http://x/> {{ }}{EOL_VARIANTS[eol]}LIMIT 1"
    assert check_query(query).services == []


@pytest.mark.parametrize("opener", ["{", "(", "["])
def test_deep_nesting_is_refused_before_any_parser(opener: str) -> None:
    """20,000 braces crashed a query worker (the parser recursed once per level): refused here as 400."""
    closer = {"{": "}", "(": ")", "[": "]"}[opener]
    query = "SELECT * WHERE " + opener * 20_000 + closer * 20_000
    with pytest.raises(QueryError, match="nest deeper than 256 levels at line 1"):
        check_query(query)
    assert check_query("SELECT * WHERE " + "{" * 100 + "?s ?p ?o" + "}" * 100).form == "SELECT"
