from __future__ import annotations

import datetime as dt

import pytest

from kiosk.domain.catalog import Catalog
from kiosk.domain.receipts import Receipt
from kiosk.domain.samples import sample_answer
from kiosk.domain.session import InvalidEvent, ResidentSession, SessionView, Step


def consent_fully(session: ResidentSession) -> None:
    session.accept_consent()
    if session.step is Step.SENSITIVE_CONSENT:
        session.accept_sensitive_consent()


def answer_all(session: ResidentSession) -> None:
    while session.step is Step.QUESTION:
        field = session.view.field
        assert field is not None
        assert session.answer(sample_answer(field))


def test_full_flow_from_home_to_receipt(catalog: Catalog) -> None:
    seen: list[Step] = []
    session = ResidentSession(catalog, on_change=lambda v: seen.append(v.step))
    session.start("elderly_allowance")
    assert session.view.step is Step.CONSENT
    session.accept_consent()
    assert session.step is Step.SENSITIVE_CONSENT  # it asks for an ID number: a separate yes
    session.accept_sensitive_consent()
    view = session.view
    assert (view.question_number, view.question_count) == (1, len(view.service.fields))  # type: ignore[union-attr]
    answer_all(session)
    assert session.step is Step.REVIEW
    submission = session.begin_submit()
    assert submission.service_id == "elderly_allowance"
    assert submission.catalog_version == catalog.version
    assert set(submission.answers) == {f.id for f in catalog.service("elderly_allowance").fields}
    assert "accepted_at" in submission.consent
    assert "id_number" in submission.consent["sensitive_fields"]  # type: ignore[operator]
    assert submission.consent["sensitive_accepted_at"]
    receipt = Receipt("id-1", "123456789012", "elderly_allowance", dt.datetime.now(dt.UTC))
    session.submit_succeeded(receipt)
    assert session.view.receipt == receipt
    assert session.view.answers == {}
    session.back()
    assert session.step is Step.HOME
    assert seen[0] is Step.CONSENT and Step.SAVING in seen and seen[-1] is Step.HOME


def test_wrong_answer_keeps_question_and_error(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.start("elderly_allowance")
    consent_fully(session)
    session.answer("王秀英")
    assert session.view.field.id == "id_number"  # type: ignore[union-attr]
    assert not session.answer("110105194912310021")
    assert session.view.error is not None and session.view.error.key == "error.id_number.checksum"
    assert session.view.field.id == "id_number"  # type: ignore[union-attr]
    assert session.answer("11010519491231002X")
    assert session.view.error is None


def test_edit_from_review_returns_to_review(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.start("elderly_allowance")
    consent_fully(session)
    answer_all(session)
    session.edit("phone")
    assert session.view.field.id == "phone" and session.view.returning_to_review  # type: ignore[union-attr]
    assert session.answer("13912345678")
    assert session.step is Step.REVIEW
    assert session.view.answers["phone"] == "13912345678"


def test_back_walks_questions_then_consent_then_home(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.start("suggestion")
    session.accept_consent()
    session.answer("other")
    session.back()
    assert session.view.question_number == 1
    session.back()
    assert session.step is Step.CONSENT
    session.back()
    assert session.step is Step.HOME


def test_optional_field_can_be_left_blank(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.start("suggestion")
    session.accept_consent()
    optional = [f for f in catalog.service("suggestion").fields if not f.required]
    assert optional
    while session.step is Step.QUESTION:
        field = session.view.field
        assert field is not None
        session.answer("" if not field.required else sample_answer(field))
    assert session.step is Step.REVIEW
    assert optional[0].id not in session.view.answers


def test_decline_consent_forgets_everything(catalog: Catalog) -> None:
    views: list[SessionView] = []
    session = ResidentSession(catalog, on_change=views.append)
    session.start("disability_subsidy")
    session.decline_consent()
    assert session.step is Step.HOME and session.view.service is None
    assert session.view.declined  # the home screen offers the counter instead
    session.start("disability_subsidy")
    assert not session.view.declined
    session.accept_consent()
    session.decline_consent()  # declining only the sensitive part also ends the application
    assert session.step is Step.HOME and session.view.declined and session.view.answers == {}


def test_back_from_first_question_returns_to_the_sensitive_consent(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.start("medical_insurance")
    consent_fully(session)
    session.back()
    assert session.step is Step.SENSITIVE_CONSENT
    session.back()
    assert session.step is Step.CONSENT


def test_volunteer_is_recorded_with_the_application(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.set_assistant("volunteer-07")
    session.start("suggestion")
    consent_fully(session)
    answer_all(session)
    assert session.begin_submit().consent["assisted_by"] == "volunteer-07"
    session.reset()
    assert session.view.assisted_by == "volunteer-07"  # still helping the next resident


def test_failed_save_keeps_answers_and_says_so(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    session.start("suggestion")
    session.accept_consent()
    answer_all(session)
    kept = dict(session.view.answers)
    session.begin_submit()
    session.submit_failed()
    assert session.step is Step.REVIEW
    assert session.view.save_error == "error.save.failed"
    assert dict(session.view.answers) == kept


def test_events_out_of_order_are_refused(catalog: Catalog) -> None:
    session = ResidentSession(catalog)
    with pytest.raises(InvalidEvent):
        session.accept_consent()
    with pytest.raises(InvalidEvent):
        session.begin_submit()
