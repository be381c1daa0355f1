"""Pages take "today" from the context's clock at the moment they need it: a page left open past
midnight moves on when it is next shown, unless the operator chose another day."""

from __future__ import annotations

import datetime as dt

from alize_desktop.ui.export.page import ExportPage
from alize_desktop.ui.fund.page import FundPage
from alize_desktop.ui.widgets.forms import get_date, set_date

D = dt.date(2026, 11, 26)


def _show_again(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    page.hide()
    page.show()
    qtbot.waitExposed(page)


def test_a_page_left_open_past_midnight_moves_on_to_the_new_day(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = FundPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert get_date(page.as_of) == D
    ctx.clock.set(D + dt.timedelta(days=1))
    _show_again(qtbot, page)
    settle(page)
    assert get_date(page.as_of) == D + dt.timedelta(days=1)
    assert page.view is not None and page.view.as_of == D + dt.timedelta(days=1)


def test_a_day_the_operator_chose_stays(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = ExportPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    chosen = dt.date(2025, 12, 31)
    set_date(page.as_of, chosen)
    ctx.clock.set(D + dt.timedelta(days=3))
    _show_again(qtbot, page)
    assert page.as_of_date() == chosen


def test_dialog_defaults_follow_the_clock(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.meetings.dialog import MeetingDialog

    ctx.clock.set(dt.date(2031, 3, 14))
    dialog = MeetingDialog(ctx)
    qtbot.addWidget(dialog)
    assert get_date(dialog.date) == dt.date(2031, 3, 14)
