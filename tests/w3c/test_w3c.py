"""The W3C SPARQL suites against a real `kg serve` (tests/w3c/README.md): every test passes
or is listed, with its reason, in EXPECTED_FAILURES; a listed test that passes fails the run
too, so the list stays true."""

from __future__ import annotations

from tests.w3c import manifests, runner
from tests.w3c.conftest import Servers


def _judge(verdicts: dict[str, runner.Verdict], suite: str) -> None:
    listed = manifests.expected_failures()
    failed = {name: why for name, why in verdicts.items() if why is not None}
    unexpected = {name: why for name, why in failed.items() if name not in listed}
    fixed = sorted(name for name in verdicts if name in listed and name not in failed)
    print(f"{suite}: {len(verdicts) - len(failed)} passed, {len(failed)} failed of {len(verdicts)}")
    assert not unexpected, "\n".join(f"{n}  {why}" for n, why in sorted(unexpected.items()))
    assert not fixed, f"these pass now; take them off EXPECTED_FAILURES: {fixed}"


def test_syntax_suites(w3c: Servers) -> None:
    tests = manifests.syntax_tests()
    assert len(tests) > 250
    _judge(runner.run_all(tests, runner.check_syntax(w3c.empty)), "syntax")


def test_evaluation_suites(w3c: Servers) -> None:
    tests = manifests.evaluation_tests()
    assert len(tests) > 450
    check = runner.check_evaluation(w3c.data, w3c.empty, w3c.held)
    _judge(runner.run_all(tests, check), "evaluation")


def test_protocol_suite(w3c: Servers) -> None:
    tests = runner.protocol_tests()
    assert len(tests) > 30
    _judge(runner.run_all(tests, runner.check_protocol(w3c.data)), "protocol")


def test_every_listed_failure_is_a_test_with_a_reason() -> None:
    known = {
        manifests.short_name(t.iri)
        for t in (
            *manifests.syntax_tests(),
            *manifests.evaluation_tests(),
            *runner.protocol_tests(),
        )
    }
    for name, reason in manifests.expected_failures().items():
        assert name in known, f"EXPECTED_FAILURES names no test: {name}"
        assert reason, f"{name}: no reason given"
